## Planned maintenance: what subscribers are told, and the admins' /maintenance.

# What subscribers hear about a window. $start, $end: the window (the end names its day
# only when it differs from the start's); $until: the end alone; $lasting: how long.
notice-maintenance = { $event ->
        [scheduled] 🔧 Planned maintenance: { $service } will be unavailable from { $start } to { $end } { $zone } time.
        [reminder] 🔧 Reminder: { $service } will be unavailable for maintenance from { $start } to { $end } { $zone } time.
        [started] 🔧 { $service } maintenance has begun; it should be back by { $until } { $zone } time.
        [extended] 🔧 { $service } maintenance is taking longer than planned: it now runs until { $until } { $zone } time.
        [ended] ✅ { $service } maintenance is over; it should work normally again.
        [ended_early] ✅ { $service } maintenance finished early; it should work normally again.
       *[cancelled] 🔧 The { $service } maintenance planned for { $start } { $zone } time is cancelled; { $service } stays available.
    }
notice-maintenance-detail = Planned length: { $lasting }.
# Variables: $service_gen, $service_loc, $end, $until, $lasting are passed too.
maintenance-planned =
    🔧 Maintenance #{ $id } planned: { $service }, { $start } to { $end } ({ $lasting }).
    { $subscribers ->
        [0] Nobody is subscribed to { $service } yet; subscribers who join before it starts will hear of it.
        [one] The one subscribed chat hears of it now{ $remind ->
            [yes] , again { $before } before it starts,
           *[no] {""}
        } and when it starts and ends.
       *[other] { $subscribers } subscribed chats hear of it now{ $remind ->
            [yes] , again { $before } before it starts,
           *[no] {""}
        } and when it starts and ends.
    }
# After the planning answer, when the bot's zone is not the admin's clock.
maintenance-read-clock = 🕰 “{ $typed }” was read on the bot's clock ({ $bot_zone }); the times above are { $zone } time.
maintenance-list-heading = 🔧 Maintenance planned or under way:
maintenance-list-line = #{ $id } { $service }: { $state ->
        [running] under way, until { $until }
       *[planned] { $start } to { $end }
    } ({ $lasting }){ $held ->
        [0] {""}
       *[other] {" "}· { $held } automatic alarms held back
    }
maintenance-list-none =
    No maintenance is planned. To plan one:
    { $example }
# Variables: $start, $end, $lasting are passed too.
maintenance-cancelled = 🔧 Maintenance #{ $id } of { $service } is cancelled; subscribers are told.
# Variables: $start, $end, $lasting are passed too.
maintenance-extended = 🔧 Maintenance #{ $id } of { $service } now runs until { $until } ({ $lasting } in all); subscribers are told.
# Variables: $start, $end, $until, $lasting are passed too.
maintenance-done = ✅ Maintenance #{ $id } of { $service } has ended; subscribers are told it works again.
maintenance-held =
    🔧 { $service } is under planned maintenance (#{ $id }) until { $until }, so an automatic alarm about it was not posted; others during this window are held back too, quietly.
    If it is really an outage, post it yourself: /down { $service_id }
maintenance-reminder-skipped = 🔧 The reminder for maintenance #{ $id } ({ $service }, { $start }) fell due while the bot was not running, so it was not sent; subscribers will still hear when it starts.
usage-maintenance =
    /maintenance bkash tomorrow 02:00 3h Core upgrade
    (the start is in the bot's time zone: a date like 2026-12-01, or today, tomorrow; then the length: 30m, 3h, 1h30m)
    /maintenance — what is planned · /maintenance extend ID 1h · /maintenance done ID · /maintenance cancel ID
# Variables: $end, $until, $lasting are passed too.
error-maintenance-past =
    That start has already passed. Give one ahead, for example:
    { $example }
error-maintenance-empty = A maintenance window needs a length: 30m, 3h, 1h30m or 2d.
error-maintenance-too-long = A window lasts at most { $most }; plan a longer job as several windows.
error-maintenance-too-far = A window can be planned at most a year ahead.
# Variables: $until is passed too.
error-maintenance-overlaps = { $service } already has maintenance #{ $id }, { $start } to { $end } ({ $lasting }); one service's windows may not overlap. To make that one longer: /maintenance extend { $id } 1h
error-maintenance-unknown = There is no maintenance #{ $id }. See what is planned: /maintenance
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-over = Maintenance #{ $id } of { $service } { $cancelled ->
        [yes] was already called off.
       *[no] is already over.
    }
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-started = Maintenance #{ $id } of { $service } is already under way. To end it now: /maintenance done { $id }
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-not-started = Maintenance #{ $id } of { $service } has not started yet. To call it off: /maintenance cancel { $id }
error-maintenance-day = “{ $typed }” is not a day: write a date like 2026-12-01, or today or tomorrow.
error-maintenance-time = “{ $typed }” is not a time of day: write 02:00 or 14:30.
error-maintenance-length = “{ $typed }” is not a length: write 30m, 3h, 1h30m or 2d.
