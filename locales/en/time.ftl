## Times, durations and counts. The code passes the parts; these messages say them.

# 12:30 pm, or 12:30 pm yesterday (the clock first, as English news says it). English names the calendar day ($calendar_day);
# Bengali the day of the night a small-hours time belongs to ($day).
# $on_day: yes when the calendar day is a weekday or a date ("on Saturday"), not yesterday or tomorrow.
# Variables: $day (the news day), $today and $late (yes for the small hours) are passed too.
time = { $calendar_today ->
        [yes] { $clock }
       *[no] { $clock } { $on_day ->
            [yes] on { $calendar_day }
           *[no] { $calendar_day }
        }
    }
# yesterday, Tuesday, 28 Nov, 1 Nov 2022
# Variables: $ahead (yes/no) and $prefix (no when the span's start said «গত» already) are passed too.
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
# Variables: $period (dawn … night), $late (yes for the small hours), $next_hour12, $hour24 and $in_minutes (yes: minutes even on a quarter hour, both ends of a span alike), $period_said (no when the span's start said the part of the day) are passed too, for languages that say times otherwise.
# $ampm_at_end: yes at a span's start when its end, the same date and half of the day, says am or pm for both: "from 2:00 to 5:00 am".
# Noon is said so ("12:00 pm" is a tell, and misread as midnight). Midnight is said so at
# a span's start that leaves am to its end ("from midnight to 4:00 am tomorrow": a bare
# "12:00" reads as noon); elsewhere it keeps its digits, as "midnight tomorrow" is read
# as a day later than meant.
time-clock = { $minute ->
        [0] { $hour24 ->
            [12] noon
            [0] { $ampm_at_end ->
                [yes] midnight
               *[no] 12:00 am
            }
           *[other] { $hour12 }:00{ $ampm_at_end ->
                [yes] {""}
               *[no] { $ampm ->
                    [am] {" "}am
                   *[pm] {" "}pm
                }
            }
        }
       *[other] { $hour12 }:{ NUMBER($minute, minimumIntegerDigits: 2) }{ $ampm_at_end ->
            [yes] {""}
           *[no] { $ampm ->
                [am] {" "}am
               *[pm] {" "}pm
            }
        }
    }

## Exact durations, in words as a sentence says them ("down for 1 hour 52 minutes"),
## and in brackets alike: "h" and "min" in running text read as a machine's.

duration-seconds = { $count ->
        [one] { $count } second
       *[other] { $count } seconds
    }
duration-minutes = { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
duration-hours = { $count ->
        [one] { $count } hour
       *[other] { $count } hours
    }
duration-days = { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
duration-pair = { $first } { $second }

## Durations as a headline says them, rounded as an editor rounds: after about seven
## and a half hours. "About" only when rounded; one to nine in words, 10 up in digits.

duration-within-a-minute = less than a minute
# Variables: $next_words (the next whole, in words: Bengali says «পৌনে দুই» for 1¾) is passed too.
# $over: days rounded down by an hour or more ("more than a day", not "about a day" for 25 hours).
duration-headline = { $about ->
        [yes] { $over ->
            [yes] more than{" "}
           *[no] about{" "}
        }
       *[no] {""}
    }{ $unit ->
        [minutes] { $whole ->
            [1] a minute
           *[other] { $whole_words } minutes
        }
        [days] { $fraction ->
            [half] { $whole ->
                [1] a day and a half
               *[other] { $whole_words } and a half days
            }
           *[other] { $whole ->
                [1] a day
               *[other] { $whole_words } days
            }
        }
       *[hours] { $fraction ->
            [quarter] { $whole ->
                [1] an hour and a quarter
               *[other] { $whole_words } and a quarter hours
            }
            [half] { $whole ->
                [0] half an hour
                [1] an hour and a half
               *[other] { $whole_words } and a half hours
            }
            [three-quarters] { $whole ->
                [0] three quarters of an hour
                [1] an hour and three quarters
               *[other] { $whole_words } and three-quarter hours
            }
           *[none] { $whole ->
                [1] an hour
               *[other] { $whole_words } hours
            }
        }
    }
number-words = { $count ->
        [1] one
        [2] two
        [3] three
        [4] four
        [5] five
        [6] six
        [7] seven
        [8] eight
        [9] nine
       *[other] { $count }
    }

## Counts as prose says them: about 11,000, 1.2 million.

count-exact = { $count }
# Variables: $sub (the tenth in the unit below: «১ কোটি ২০ লাখ») is passed too, for languages that say it so.
count-compact = { $about ->
        [yes] about{" "}
       *[no] {""}
    }{ $unit ->
        [thousand] { $rounded }
       *[other] { $whole }{ $tenth ->
            [0] {""}
           *[other] .{ $tenth }
        } { $unit ->
            [million] million
            [billion] billion
            [lakh] lakh
           *[crore] crore
        }
    }
# Bengali's word after an hour («৩টা», Kolkata's «৩টে»), which time-clock uses there;
# English clocks need none.
time-oclock = { $hour12 ->
       *[other] {""}
    }
time-oclock-next = { $next_hour12 ->
       *[other] {""}
    }
