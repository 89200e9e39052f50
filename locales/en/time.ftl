## Times, durations and counts. The code passes the parts; these messages say them.

# 12:30 pm, or yesterday, 12:30 pm. English names the calendar day ($calendar_day);
# Bengali the day of the night a small-hours time belongs to ($day).
# Variables: $day (the news day), $today and $late (yes for the small hours) are passed too.
time = { $calendar_today ->
        [yes] { $clock }
       *[no] { $calendar_day }, { $clock }
    }
# yesterday, Tuesday, 28 Nov, 1 Nov 2022
# Variables: $ahead (yes/no) is passed too.
time-day = { $when ->
        [yesterday] yesterday
        [tomorrow] tomorrow
        [weekday] { $weekday ->
            [mon] Monday
            [tue] Tuesday
            [wed] Wednesday
            [thu] Thursday
            [fri] Friday
            [sat] Saturday
           *[sun] Sunday
        }
        [date] { $day } { $month ->
            [1] Jan
            [2] Feb
            [3] Mar
            [4] Apr
            [5] May
            [6] Jun
            [7] Jul
            [8] Aug
            [9] Sep
            [10] Oct
            [11] Nov
           *[12] Dec
        }
        [year] { $day } { $month ->
            [1] Jan
            [2] Feb
            [3] Mar
            [4] Apr
            [5] May
            [6] Jun
            [7] Jul
            [8] Aug
            [9] Sep
            [10] Oct
            [11] Nov
           *[12] Dec
        } { NUMBER($year, useGrouping: "false") }
       *[today] today
    }
# 12:30 pm
# Variables: $period (dawn … night), $late (yes for the small hours), $next_hour12, $hour24 and $in_minutes (yes: minutes even on a quarter hour, both ends of a span alike) are passed too, for languages that say times otherwise.
time-clock = { $hour12 }:{ NUMBER($minute, minimumIntegerDigits: 2) } { $ampm ->
        [am] am
       *[pm] pm
    }

## Exact durations, short, for details in brackets: (1 h 52 min).

duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h
duration-days = { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
duration-pair = { $first } { $second }

## Durations as a headline says them: after about two hours.

duration-within-a-minute = less than a minute
duration-half-hour = half an hour
duration-hour-and-half = about an hour and a half
duration-two-and-half-hours = about two and a half hours
duration-whole-hours = { $count ->
        [1] an hour
        [2] two hours
        [3] three hours
        [4] four hours
        [5] five hours
        [6] six hours
        [7] seven hours
        [8] eight hours
        [9] nine hours
       *[other] { $count } hours
    }
duration-about = about { $unit ->
        [days] { $count ->
            [1] a day
            [2] two days
            [3] three days
            [4] four days
            [5] five days
            [6] six days
            [7] seven days
            [8] eight days
            [9] nine days
           *[other] { $count } days
        }
       *[hours] { $count ->
            [1] an hour
            [2] two hours
            [3] three hours
            [4] four hours
            [5] five hours
            [6] six hours
            [7] seven hours
            [8] eight hours
            [9] nine hours
           *[other] { $count } hours
        }
    }
duration-long = { $exact }
duration-long-parts = { $hours ->
        [0] {""}
        [one] { $hours } hour{" "}
       *[other] { $hours } hours{" "}
    }{ $minutes ->
        [0] {""}
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }

## Counts as prose says them: about 11 thousand.

count-exact = { $count }
count-compact = { $about ->
        [yes] about{" "}
       *[no] {""}
    }{ $whole }{ $tenth ->
        [0] {""}
       *[other] .{ $tenth }
    } { $unit ->
        [thousand] thousand
        [million] million
        [billion] billion
        [lakh] lakh
       *[crore] crore
    }
