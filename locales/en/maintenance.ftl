## Planned maintenance: what subscribers are told, and the admins' /maintenance.

# What subscribers hear about a window. $start, $end: the window (the end names its day
# only when it differs from the start's); $until: the end alone; $lasting: how long.
notice-maintenance = { $event ->
        [scheduled] 🔧 Planned maintenance: { $service } will be unavailable from { $start } to { $end } ({ $zone } time).
        [reminder] 🔧 Reminder: { $service } will be unavailable for maintenance from { $start } to { $end } ({ $zone } time).
        [started] 🔧 { $service } is down for planned maintenance; it should be back by { $until } ({ $zone } time).
        [extended] 🔧 { $service } maintenance has been extended: { $running ->
            [yes] it now runs until { $until } ({ $zone } time).
           *[no] it is now planned from { $start } to { $end } ({ $zone } time).
        }
        [ended] { $outage_open ->
            [yes] 🔧 Maintenance over, but { $service } is not back yet; we'll tell you when it is.
           *[no] ✅ Maintenance over: { $service } should be working normally again.
        }
        [ended_early] { $outage_open ->
            [yes] 🔧 Maintenance finished early, but { $service } is not back yet; we'll tell you when it is.
           *[no] ✅ Maintenance finished early: { $service } should be working normally again.
        }
       *[cancelled] 🔧 The { $service } maintenance planned for { $start } ({ $zone } time) has been called off; the service will work as usual.
    }
notice-maintenance-detail = { $extended ->
        [yes] Now { $lasting } in all.
       *[no] Expected to take { $lasting }.
    }
# Variables: $service_gen, $service_loc, $end, $until, $lasting are passed too.
maintenance-planned =
    🔧 Maintenance #{ $id } planned: { $service }, { $start } to { $end } ({ $lasting }).
    { $subscribers ->
        [0] Nobody is subscribed to { $service } yet; subscribers who join before it starts will hear of it.
        [one] The one subscribed chat is being told now{ $remind ->
            [yes] , will be reminded { $before } before it starts,
           *[no] {""}
        } and will be told when it starts and ends.
       *[other] The { $subscribers } subscribed chats are being told now{ $remind ->
            [yes] , will be reminded { $before } before it starts,
           *[no] {""}
        } and will be told when it starts and ends.
    }
# After the planning answer, when the bot's zone is not the admin's clock.
maintenance-read-clock = 🕰 “{ $typed }” was read as { $bot_zone } time (the bot's clock); the times above are shown in { $zone } time.
maintenance-list-heading = 🔧 Maintenance planned or under way:
maintenance-list-line = #{ $id } { $service }: { $state ->
        [running] under way until { $until }
       *[planned] { $start } to { $end }
    } ({ $lasting }){ $held ->
        [0] {""}
       *[other] {" "}· { $held } automatic alerts held back
    }
maintenance-list-none =
    No maintenance is planned. To plan one:
    { $example }
# Variables: $start, $end, $lasting are passed too.
maintenance-cancelled = 🔧 { $service } maintenance #{ $id } is cancelled; subscribers are being told.
# Variables: $start, $end, $lasting are passed too.
maintenance-extended = 🔧 { $service } maintenance #{ $id } now runs until { $until } ({ $lasting } in all); subscribers are being told.
# Variables: $start, $end, $until, $lasting are passed too.
maintenance-done = ✅ { $service } maintenance #{ $id } has ended; { $outage_open ->
        [yes] subscribers are being told that { $service } is not back yet, as its incident is still open.
       *[no] subscribers are being told it is working again.
    }
maintenance-held =
    🔧 { $service } is under planned maintenance (#{ $id }) until { $until }, so an automatic alert about it was not posted. Further automatic alerts will be held back until the window ends.
    If it really is an outage, post it yourself: /down { $service_id }
maintenance-reminder-skipped = 🔧 The reminder for maintenance #{ $id } ({ $service }, { $start }) fell due while the bot was not running, so it was not sent; subscribers will still hear when it starts.
usage-maintenance =
    /maintenance gmail tomorrow 02:00 3h Server upgrade
    (start: today, tomorrow or a date like 2026-12-01, then a time on the bot's clock; length: 30m, 3h, 1h30m or 2d; then a note for subscribers, if you like)
    /maintenance — what is planned · /maintenance extend ID 1h · /maintenance done ID · /maintenance cancel ID
# Variables: $end, $until, $lasting are passed too.
error-maintenance-past =
    That time has already passed. Choose a start in the future, for example:
    { $example }
error-maintenance-empty = A maintenance window needs a length: 30m, 3h, 1h30m or 2d.
error-maintenance-too-long = A maintenance window can last at most { $most }; split a longer job into several windows.
error-maintenance-too-far = A window can be planned at most a year ahead.
# Variables: $until is passed too.
error-maintenance-overlaps = { $service } already has maintenance #{ $id }, { $start } to { $end } ({ $lasting }); windows for the same service can't overlap. To make that one longer: /maintenance extend { $id } 1h
error-maintenance-unknown = There is no maintenance #{ $id }. See what is planned: /maintenance
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-over = { $service } maintenance #{ $id } { $cancelled ->
        [yes] was already called off.
       *[no] is already over.
    }
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-started = { $service } maintenance #{ $id } is already under way. To end it now: /maintenance done { $id }
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-not-started = { $service } maintenance #{ $id } has not started yet. To call it off: /maintenance cancel { $id }
error-maintenance-day = We can't read “{ $typed }” as a day: write today, tomorrow or a date like 2026-12-01.
error-maintenance-time = “{ $typed }”: please write the time on the 24-hour clock, for example 02:00 or 16:00.
error-maintenance-length = “{ $typed }” is not a length: write 30m, 3h, 1h30m or 2d.
