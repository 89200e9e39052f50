## Times and durations. The code passes the parts; these messages say them.

# 12:30 pm
# Variables: $period (dawn, morning, noon, afternoon, evening, night) and $hour24 are passed too, for languages that name the part of the day.
time-clock = { $hour12 }:{ NUMBER($minute, minimumIntegerDigits: 2) } { $ampm ->
        [am] am
       *[pm] pm
    }
# 28 Nov, 12:30 pm
time-with-date = { $day } { $month ->
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
    }, { $clock }
# 1 Nov 2022, 12:30 pm
time-with-year = { $day } { $month ->
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
    } { NUMBER($year, useGrouping: "false") }, { $clock }
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h
duration-days = { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
duration-pair = { $first } { $second }
duration-about-hours = about { $count ->
        [one] an hour
       *[other] { $count } hours
    }
