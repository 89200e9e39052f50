## What subscribers receive.

notice-opened = { $severity ->
        [degraded] 🟠 { $service } is having problems
       *[major] 🔴 { $service } is down
    }
    { $severity ->
        [degraded] Slow or partly failing since { $since }.
       *[major] Not working since { $since }.
    } We are looking into it and will tell you as soon as we know more.
notice-severity-changed = { $severity ->
        [degraded] 🟠 { $service } is partly back
       *[major] 🔴 { $service } is now completely down
    }
    { $severity ->
        [degraded] It works again for some, but may still be slow or fail at times.
       *[major] The trouble that began at { $since } has become a full outage.
    }
notice-updated = { $phase ->
        [identified] 🛠 { $service }: the cause is found, a fix is under way
        [monitoring] 👀 { $service }: a fix is in place, we are watching it
       *[investigating] 🔎 { $service }: still looking into it
    }
    { $severity ->
        [degraded] Having problems
       *[major] Down
    } since { $since } ({ $elapsed }).
notice-resolved = ✅ { $service } is back after { $rounded }
    { $severity ->
        [degraded] It had problems
       *[major] It was down
    } from { $since } to { $end } ({ $duration }).
notice-resolved-unheard = ✅ { $service } is back after { $severity ->
        [degraded] having problems
       *[major] being down
    } for { $rounded }
    { $severity ->
        [degraded] It had problems
       *[major] It was down
    } from { $since } to { $end } ({ $duration }).

## The admin's view of a broadcast.

posted = 📣 Posted. Notifying { $count ->
        [0] nobody yet: { $service } has no subscribers.
        [one] one chat subscribed to { $service }…
       *[other] { $count } chats subscribed to { $service }…
    }
progress = 📤 { $service }: sent { $delivered } / { $total } · blocked { $blocked } · failed { $failed }
progress-done = ✅ { $service }: delivered { $delivered } / { $total } · blocked { $blocked } · failed { $failed }

## Status and history.

status-open = { $severity ->
        [degraded] 🟠 { $service }: having problems
       *[major] 🔴 { $service }: down
    } since { $since } ({ $elapsed })
    { $phase ->
        [identified] The cause is found; a fix is under way.
        [monitoring] A fix is in place; we are watching it.
       *[investigating] We are looking into it.
    }
status-latest = Latest ({ $at }): { $text }
status-operational = 🟢 { $service } is working normally.
status-all-operational = 🟢 All { $count } services are working normally.
status-set-aside = ⚠️ { $count ->
        [one] One notice record could not be read and was set aside
       *[other] { $count } notice records could not be read and were set aside
    }; every other notice went out. The log says why.
status-summary = 🔴 Trouble now: { $down } · 🟢 working normally: { $operational }
source-admin = Posted by admin { NUMBER($user, useGrouping: "false") }.
source-api = Posted through the HTTP API.
source-alertmanager = Opened by a Prometheus Alertmanager alert.
source-monitor = Opened by a monitor (Uptime Kuma or Gatus).
source-crowd = Declared from user reports by admin { NUMBER($user, useGrouping: "false") }.
source-probe = Opened by the bot's own probe of the service.
history-heading = 🗂 Recent incidents ({ $count }):
history-resolved = • { $service }, { $severity ->
        [degraded] problems
       *[major] outage
    }: { $start } → { $end } ({ $duration })
history-ongoing = • { $service }, { $severity ->
        [degraded] problems
       *[major] outage
    }: since { $start }, still going on ({ $duration })
history-none = No outages recorded yet.
history-none-service = { $service } has had no recorded outages.

## Crowd reports.

report-known = We know: { $service } has been down since { $since }. Subscribe with /subscribe to hear the moment it is back.
report-already = You already reported { $service } in the last { $minutes } minutes. Thank you.
report-counted = 🙏 Thank you. { $count ->
        [one] You are the first to report { $service }
       *[other] { $count } people have reported { $service }
    } in the last { $minutes } minutes.
report-alert =
    🚨 { $count } people reported { $service } down in the last { $minutes } minutes.
    If it is an outage, post it: /down { $id } what you know
report-declare-button = 🔴 Declare outage
report-dismiss-button = Dismiss
report-declared = 🔴 Declared: { $service } is down. Notifying { $count ->
        [0] nobody yet: it has no subscribers.
        [one] one subscribed chat…
       *[other] { $count } subscribed chats…
    }
report-dismissed = Dismissed: nothing was posted about { $service }.

## The bot's own probes.

probe-muted = 🔕 { $changed ->
        [yes] The probe of { $service } is muted: it opens and closes nothing until /unmute.
       *[no] The probe of { $service } was already muted.
    }{ $probed ->
        [yes] {""}
       *[no] {" "}(No probe is configured for { $service }.)
    }
probe-unmuted = 🔔 { $changed ->
        [yes] The probe of { $service } reports again.
       *[no] The probe of { $service } was not muted.
    }{ $probed ->
        [yes] {""}
       *[no] {" "}(No probe is configured for { $service }.)
    }
probe-flapping =
    ⚠️ { $service } keeps going down and coming back ({ $count } changes in { $minutes } minutes).
    Subscribers are not told each time. Post it yourself if it is an outage: /down { $id } — or hold the probe back: /mute { $id }
automatic-rate-limited =
    ⚠️ { $service }: the monitors sent more than { $limit } changes in { $minutes } minutes, so further ones are held back for now and subscribers are not told each flip.
    See what is happening with /status { $id }, and post it yourself if it is an outage: /down { $id }
