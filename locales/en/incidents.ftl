## What subscribers receive: a headline, a line of detail, then the admin's words.

notice-opened = { $severity ->
        [degraded] 🟠 { $service } is having problems
       *[major] 🔴 { $service } is down
    }
# Variables: $service (and its forms) is passed to every line of a notice; $zone names
# the place whose clock the times are in ("Dhaka"), once per message.
notice-opened-detail = { $severity ->
        [degraded] Slow or partly failing since { $since } ({ $zone } time).
       *[major] Not working since { $since } ({ $zone } time).
    } { $phase ->
        [identified] The cause has been found and a fix is under way; we'll tell you as soon as it is fixed.
        [monitoring] A fix is in place and is being monitored; we'll tell you when it is fully back.
       *[other] We're following it and will tell you as soon as we know more.
    }
notice-severity-changed = { $severity ->
        [degraded] 🟠 { $service } is partly back
       *[major] { $again ->
            [yes] 🔴 { $service } is completely down again
           *[no] 🔴 { $service } is now completely down
        }
    }
# Variables: $service is passed too.
# $down_again: it was down, came partly back, and is fully down again; $swung: it has
# gone back and forth more than once; $again: either.
notice-severity-changed-detail = { $severity ->
        [degraded] It is working again for some people, but may still be slow or fail at times.
       *[major] { $down_again ->
            [yes] It first went down at { $since } ({ $zone } time), and had come partly back.
           *[no] { $swung ->
                [yes] It has been up and down since { $since } ({ $zone } time).
               *[no] It had been having problems since { $since } ({ $zone } time).
            }
        }
    }
notice-updated = { $phase ->
        [identified] 🛠 { $service }: cause found, fix under way
        [monitoring] 👀 { $service }: fix in place, being monitored
       *[investigating] 🔎 { $service }: cause still being investigated
    }
# Variables: $service (and its forms) is passed too.
# $worsened: it began as trouble and became a full outage at $down_since; $eased: it
# began fully down and has been partly back since $eased_since; $swung: it went back and
# forth more than once, and took the severity it has now at $swung_since.
notice-updated-detail = { $phase ->
        [monitoring] { $swung ->
            [yes] Recovering after being up and down since { $since } ({ $zone } time); we'll tell you when it is fully back.
           *[no] Recovering from the { $severity ->
                [degraded] { $eased ->
                    [yes] outage
                   *[no] problems
                }
               *[major] outage
            } that began at { $since } ({ $zone } time); we'll tell you when it is { $severity ->
                [degraded] { $eased ->
                    [yes] fully back
                   *[no] back to normal
                }
               *[major] fully back
            }.
        }
       *[other] { $swung ->
            [yes] Up and down since { $since }; { $severity ->
                [degraded] partly back
               *[major] fully down again
            } since { $swung_since } ({ $zone } time).
           *[no] { $severity ->
                [degraded] { $eased ->
                    [yes] Down from { $since }, and partly back since { $eased_since } ({ $zone } time).
                   *[no] Having problems since { $since } ({ $zone } time){ $short ->
                        [yes] .
                       *[no] , { $elapsed } so far.
                    }
                }
               *[major] { $worsened ->
                    [yes] Having problems since { $since }, and fully down since { $down_since } ({ $zone } time).
                   *[no] Down since { $since } ({ $zone } time){ $short ->
                        [yes] .
                       *[no] , { $elapsed } so far.
                    }
                }
            }
        }
    }
notice-resolved = { $short ->
        [yes] ✅ { $service } is back{ $severity ->
            [degraded] {" "}to normal
           *[major] {""}
        } after less than a minute
       *[no] ✅ { $service } is back{ $severity ->
            [degraded] {" "}to normal
           *[major] {""}
        } after { $rounded }
    }
# Variables: $service (and its forms) is passed too.
# $mixed: it had problems and was fully down too, in whichever order; $down_for: how
# long it was fully down in all ($down_counted: whether that is known; older records lack it).
notice-resolved-detail = { $mixed ->
        [yes] It had problems for { $duration }, from { $since } to { $end } ({ $zone } time), and was fully down for { $down_counted ->
            [yes] { $down_for }
           *[no] part
        } of it.
       *[no] { $severity ->
            [degraded] It had problems
           *[major] It was down
        } for { $duration }, from { $since } to { $end } ({ $zone } time).
    }
# Told to those who never heard the outage begin: where it stands now, whole.
notice-resolved-unheard = { $short ->
        [yes] ✅ { $service } is back{ $severity ->
            [degraded] {" "}to normal after problems lasting less than a minute
           *[major] {" "}after being down for less than a minute
        }
       *[no] { $severity ->
            [degraded] ✅ { $service } is working normally again after { $rounded } of problems
           *[major] ✅ { $service } is back after being down for { $rounded }
        }
    }
# The admin's words, when they are not in the reader's language. $lang is the
# language they are in (en, bn), or `unknown` when the admin did not mark it.
quoted-text = { $lang ->
        [bn] (in Bengali) { $text }
       *[other] { $text }
    }

## The admin's view of a broadcast.

# Variables: $count_text ("about 11 thousand") is passed too.
# $reporters: people who reported it down, not subscribed; they hear it is back too.
posted = 📣 Posted. { $count ->
        [0] { $reporters ->
            [0] Nobody is subscribed to { $service } yet, so nobody was notified.
            [one] Nobody is subscribed to { $service }; telling only the one person who reported it…
           *[other] Nobody is subscribed to { $service }; telling only the { $reporters } people who reported it…
        }
        [one] Sending to the one chat subscribed to { $service }…
       *[other] Sending to { $count_text } chats subscribed to { $service }…
    }{ $count ->
        [0] {""}
       *[other] { $reporters ->
            [0] {""}
            [one] {" "}The one person who reported it will hear too.
           *[other] {" "}The { $reporters } people who reported it will hear too.
        }
    }
progress = 📤 { $service }: { $delivered ->
        [0] { $total ->
            [one] not sent to the chat yet
           *[other] not sent to any of { $total } chats yet
        }
       *[other] { $total ->
            [one] sent to the one chat
           *[other] { $all ->
                [yes] { $total ->
                    [2] sent to both chats
                   *[other] sent to all { $total } chats
                }
               *[no] sent to { $delivered } of { $total } chats
            }
        }
    }{ $extras }
progress-done = { $delivered ->
        [0] ℹ️ { $service }: not sent to any chat{ $extras }
       *[other] ✅ { $service }: { $total ->
            [one] reached the one chat
           *[other] { $all ->
                [yes] { $total ->
                    [2] reached both chats
                   *[other] reached all { $total } chats
                }
               *[no] reached { $delivered } of { $total } chats
            }
        }{ $extras }
    }
# A broadcast a newer event ended: the rest get that one, with the whole story.
progress-cut-short = ⏭ { $service }: { $delivered ->
        [0] replaced by a newer notice before it went out; { $rest ->
            [one] the chat
           *[other] all { $rest } chats
        }
        [one] reached one chat; { $rest ->
            [one] the other one
           *[other] the other { $rest }
        }
       *[other] reached { $delivered } chats; { $rest ->
            [one] the other one
           *[other] the other { $rest }
        }
    } will get the next notice, with the whole story.
# Only what happened: nothing is said of a zero.
progress-extras = { $blocked ->
        [0] {""}
       *[other] {" "}· { $blocked } blocked the bot
    }{ $failed ->
        [0] {""}
       *[other] {" "}· { $failed } failed
    }{ $skipped ->
        [0] {""}
       *[other] {" "}· { $skipped } skipped (they want full outages only)
    }
progress-telegram-failing = ⏳ { $service }: { $delivered ->
        [0] { $total ->
            [one] not sent to the chat yet
           *[other] not sent to any of { $total } chats yet
        }
       *[other] sent to { $delivered } of { $total } { $total ->
            [one] chat
           *[other] chats
        }
    } · Telegram is not answering — trying again
notice-refused = ⚠️ Telegram refused the notice about { $service } for a chat: “{ $reason }”. It was not sent there; the others are still being sent.

## Status and history.

# $eased: it was fully down, and is partly back ($eased_since: since when).
status-open = { $swung ->
        [yes] { $severity ->
            [degraded] 🟠 { $service }: up and down since { $since }, partly back since { $swung_since }
           *[major] 🔴 { $service }: up and down since { $since }, fully down again since { $swung_since }
        }
       *[no] { $severity ->
            [degraded] { $eased ->
                [yes] 🟠 { $service }: down from { $since }, partly back since { $eased_since }
               *[no] 🟠 { $service }: having problems since { $since } ({ $short ->
                    [yes] just now
                   *[no] { $elapsed } so far
                })
            }
           *[major] { $worsened ->
                [yes] 🔴 { $service }: having problems since { $since }, down since { $down_since }
               *[no] 🔴 { $service }: down since { $since } ({ $short ->
                    [yes] just now
                   *[no] { $elapsed } so far
                })
            }
        }
    }
    { $phase ->
        [identified] The cause has been found and a fix is under way.
        [monitoring] A fix is in place and is being monitored.
       *[investigating] The cause is being investigated.
    }
status-latest = Last note ({ $at }): { $text }
status-operational = 🟢 { $service } is working normally.
status-all-operational = 🟢 All { $count } services are working normally.
status-set-aside = ⚠️ { $count ->
        [one] One notice record could not be read and was set aside
       *[other] { $count } notice records could not be read and were set aside
    }; every other notice went out. The log says why.
# /status's summary: only what there is, joined by " · "; $leads: whether the part leads.
status-summary-down = 🔴 { $count ->
        [one] 1 service
       *[other] { $count } services
    } down
status-summary-degraded = 🟠 { $leads ->
        [yes] { $count ->
            [one] 1 service
           *[other] { $count } services
        }
       *[no] { $count }
    } with problems
status-summary-maintenance = 🔧 { $leads ->
        [yes] { $count ->
            [one] 1 service
           *[other] { $count } services
        }
       *[no] { $count }
    } under maintenance
status-summary-operational = 🟢 the other { $count } working normally
# Variables: $start and $end (the window, for planned), $until (its end) are passed.
status-maintenance = { $state ->
        [running] 🔧 { $service }: under maintenance until { $until }
       *[planned] 🔧 { $service }: maintenance planned, { $start } to { $end }
    }
source-admin = Posted by admin { $user }.
source-api = Posted through the HTTP API.
source-alertmanager = Posted automatically from a Prometheus Alertmanager alert.
source-monitor = Posted automatically by a monitor (Uptime Kuma or Gatus).
source-crowd = Declared from users' reports by admin { $user }.
source-probe = Found by the bot's own automatic check (probe).
history-maintenance-heading = 🔧 Maintenance:
history-maintenance = • { $service }: { $state ->
        [running] under way until { $until }
        [planned] planned, { $start } to { $end }
        [ended_early] { $start } to { $end }, finished early ({ $lasting })
       *[completed] { $start } to { $end } ({ $lasting })
    }
history-heading = 🗂 Recent incidents ({ $count }):
history-resolved = • { $service } { $course ->
        [worsened] had problems, then went fully down,
        [eased] was down, then partly back,
        [mixed] had problems and was at times fully down,
       *[steady] { $severity ->
            [degraded] had problems
           *[major] was down
        }
    } { $short ->
        [yes] for less than a minute ({ $start })
       *[no] from { $start } to { $end } ({ $duration })
    }
# $worsened: trouble that became a full outage ($down_since: when), each dated apart.
history-ongoing = • { $service } { $swung ->
        [yes] has been up and down since { $start }, and { $severity ->
            [degraded] partly back
           *[major] fully down again
        } since { $swung_since }
       *[no] { $worsened ->
            [yes] has had problems since { $start }, and has been fully down since { $down_since }
           *[no] { $eased ->
                [yes] was down from { $start }, and has been partly back since { $eased_since }
               *[no] { $severity ->
                    [degraded] has had problems
                   *[major] has been down
                } since { $start } ({ $short ->
                    [yes] just now
                   *[no] { $duration } so far
                })
            }
        }
    }
history-none = No outages recorded yet.
history-none-service = { $service } has had no recorded outages.
history-earlier = • Before that, since { $since }: { $service } { $count ->
        [one] had one incident
       *[other] had { $count } incidents
    }, { $duration } in all.

## Crowd reports.

# $severity: how it stands now; $down_since: when it went fully down (after trouble, later
# than $since).
report-known = We already know: { $service } { $severity ->
        [degraded] has had problems since { $since }
       *[major] has been down since { $down_since }
    }.{ $others ->
        [0] {""}
        [one] {" "}One other person has reported it in the last { $minutes } minutes.
       *[other] {" "}In the last { $minutes } minutes, { $others_words } other people have reported it.
    } { $subscribed ->
        [yes] You'll hear the moment it is back{ $severity ->
            [degraded] {" "}to normal
           *[major] {""}
        }.
       *[no] You'll hear when it is back{ $severity ->
            [degraded] {" "}to normal
           *[major] {""}
        }; for every update on it, tap 🔔 below.
    }
# The reporter's answer while the service is off for planned maintenance, with no
# incident open: it is not failing, it is off on purpose until $until.
report-maintenance = 🔧 { $service } is off for planned maintenance until { $until } ({ $zone } time); this is not a fault. { $subscribed ->
        [yes] You'll hear when it is over.
       *[no] To hear when it is over, tap 🔔 below.
    }
report-already = You already reported a problem with { $service } in the last { $window } minutes; each person is counted only once.
# The reporter's answer. $others: how many more reported it in the last $minutes
# minutes; $spread: everywhere (from every network offered), wide (from several
# places), unsaid (too few said where); $verdict: service (it is most likely the
# service), network (most are on $network), unsure (too few to tell).
report-crowd = { $others ->
        [0] 🙏 Thank you. Nobody else has reported a problem with { $service } in the last { $minutes } minutes, so it may be at your end: check that mobile data or Wi-Fi is on and that other apps work. If more people report it, we will look into it.
       *[other] 🙏 Thank you. In the last { $minutes } minutes, { $others ->
            [one] one other person has
           *[other] { $others_words } other people have
        } reported a problem with { $service }{ $spread ->
            [everywhere] , on every network
            [wide] , from several places
           *[unsaid] {""}
        }.{ $verdict ->
            [service] {" "}So the problem is most likely with { $service }, not your phone.
            [network] {" "}Most of them use { $network }, so the problem may be with that network.
           *[unsure] {" "}We are keeping an eye on it.
        }
    }
report-where = Which network are you on, and where are you? Tap below if you like: it helps us tell a network problem from a problem with the service.
report-place-said = Noted. Network: { $network }. Area: { $area }.
report-place-expired = That report has expired. If { $service } is still not working, send /report { $id }.
report-place-gone = That choice is no longer offered. Send /report again to see the current ones.
report-subscribe-button = 🔔 Get every update
share-button = 📤 Tell others
share-invite = Is { $service } not working for you either? This bot tells you when it's back:
# $usual: none (no week to compare with yet), nobody, some ($usual_count people).
report-alert =
    🚨 { $count } people reported problems with { $service } in the last { $minutes } minutes{ $usual ->
        [nobody] ; usually nobody does at this hour
        [some] ; usually { $usual_count ->
            [one] about one person does
           *[other] about { $usual_count } do
        } at this hour
       *[none] {""}
    }.
    Networks: { $networks }
    Areas: { $areas }
    Last two hours: { $sparkline }
    If it is an outage, tap the button below, or send /down { $id } followed by what you know.
report-split-item = { $place } ({ $count })
report-split-none = none given
report-network-alert = 🚨 In the last { $minutes } minutes, { $network } users reported problems with several services at once: { $services }. What they have in common is { $network }, so the problem is most likely there, not with the services.{ $declarable ->
        [yes] {" "}If so, declare a { $network } outage with the button below.
       *[no] {""}
    }
report-declare-button = 🔴 Declare outage
report-dismiss-button = Dismiss
report-declared = 🔴 Declared: { $service } is down. { $count ->
        [0] Nobody is subscribed yet, so nobody was notified.
        [one] Sending to the one subscribed chat…
       *[other] Sending to { $count } subscribed chats…
    }
report-dismissed = Dismissed: nothing was posted about { $service }.

## The bot's own checks of services (probes).

probe-muted = 🔕 { $probed ->
        [no] No automatic check (probe) is configured for { $service }.
       *[yes] { $changed ->
            [yes] Automatic checks of { $service } are paused: nothing will be posted until you send /unmute { $id }.
           *[no] Automatic checks of { $service } were already paused.
        }
    }
probe-unmuted = 🔔 { $probed ->
        [no] No automatic check (probe) is configured for { $service }.
       *[yes] { $changed ->
            [yes] Automatic checks of { $service } are back on.
           *[no] Automatic checks of { $service } were not paused.
        }
    }
probe-flapping =
    ⚠️ { $service } keeps going down and coming back ({ $count } changes in { $minutes } minutes).
    Subscribers are not told each time. Post it yourself if it is an outage: /down { $id } — or pause its automatic check: /mute { $id }
automatic-rate-limited =
    ⚠️ { $service }: the monitors sent more than { $limit } changes in { $minutes } minutes, so further ones are held back for now and subscribers are not told of each change.
    See what is happening with /status { $id }, and post it yourself if it is an outage: /down { $id }

## Operating the bot.

admin-backup-failed =
    ⚠️ The bot could not write its backup to { $dir }. It keeps running, but no copy of the subscriber list is being kept. Check that the folder exists, can be written to and has space; the log says what failed.
admin-backup-spared = ⚠️ The bot's database now holds less than an older backup does, so { $file } is being kept (beyond the backup.keep limit) instead of being deleted. If data was lost, stop the bot and restore it with `outage-bot import`.
backup-sent =
    💾 Backup taken at { $time } ({ $kilobytes } KB). A copy is also kept on the server in { $dir }.
    To restore it: outage-bot import FILE --data-dir NEW_FOLDER
backup-too-big = 💾 The backup ({ $kilobytes } KB) is written to { $dir } on the server, but it is larger than the 50 MB Telegram lets a bot send. Copy it from the server.
backup-failed = ⚠️ The backup could not be written to { $dir }; the log says why. Nothing else changed.
backup-private-only = A backup holds every subscriber, so it is sent only in a private chat with the bot. Send /backup to the bot in a private chat.

## Telegram channels.

# Variables: $channel is the channel as configured (@name or its id); $reason is Telegram's own words.
channel-refused = ⚠️ We cannot post in the channel { $channel }: Telegram says “{ $reason }”. Make the bot an administrator of the channel, allowed to post messages; we will try again when the bot restarts.

## Passing the news on.

# Two SMS segments at most (a test counts them); $link is the bot's t.me link, or nothing
# when the bot does not know its own name ($linked says which).
share-text = { $linked ->
        [yes] Is { $service } not working for you either? Find out when it is back: { $link }
       *[no] Is { $service } down for you too? I get alerts on Telegram and will tell you when it is back.
    }

# Under the status a plain message asked for («whatsapp down?»): a report in one tap.
report-button = 📣 { $service } is not working for me

# Under a "down" notice and a service's /status: its alternatives that still work
# ($services, a list of names; $count of them).
alternatives-working = { $services } { $count ->
        [one] is
       *[other] are
    } still working.

# In an update: how many people have reported the outage so far ($count, as prose says
# it; $n, the exact number, for the plural; $count_words, one to nine in words when
# $in_words), and where most are ($where: yes when enough said; $areas, a list).
crowd-so-far = Reported by { $n ->
        [one] one person
       *[other] { $in_words ->
            [yes] { $count_words }
           *[no] { $count }
        } people
    }{ $where ->
        [yes] , most of them in { $areas }
       *[no] {""}
    }.
