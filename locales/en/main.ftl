# The language itself: its name in its own script, how it writes numbers, and the time
# zone its readers read times in (`deployment`: the deployment's own `timezone`).
locale-name = English
locale-numbering-system = latn
locale-timezone = deployment
# The hour a day begins for naming days; English names the calendar day, so this only
# decides when the small hours stop being tonight's.
locale-day-starts = 4
# What people may type in /language to mean this language, besides its name and code.
locale-aliases = english, ইংরেজি, ইংরেজিতে, ইংলিশ, ইংলিশে, ingreji, inglish

## What Telegram shows before someone presses Start (setMyDescription) and on the bot's
## profile (setMyShortDescription, at most 120 characters).

bot-description =
    We tell you, in English or Bengali, when a service you rely on — WhatsApp, Facebook, your bank or mobile wallet — goes down and when it comes back, the moment we know.
    Press Start, then subscribe to the services you use.
bot-short-description = Outage news for the services you rely on, in English or Bengali.

## Command menu descriptions (Telegram shows them next to each command).

cmd-start = What this bot does
cmd-help = All commands
cmd-language = Change the language (বাংলা / English)
cmd-services = All services and their status now
cmd-subscribe = Get alerts for a service
cmd-unsubscribe = Stop alerts for a service
cmd-mysubs = Your subscriptions
cmd-status = Is a service down right now?
cmd-history = Recent outages
cmd-report = Tell us a service is not working for you
cmd-share = A short text to pass on when a service fails (SMS, other apps)
cmd-settings = Notification settings: quiet hours, outages only, maintenance
cmd-quiet = Quiet hours: notices arrive without a sound
cmd-only = Only full outages, or every notice
cmd-stop = Unsubscribe from everything and delete your data
cmd-down = Post an outage
cmd-degraded = Post a slowdown or partial failure
cmd-update = Post an update on an open incident
cmd-up = Post that a service is working again
cmd-mute = Pause a service's automatic check
cmd-unmute = Resume a service's automatic check
cmd-maintenance = Plan, list, extend, end or cancel maintenance
cmd-backup = Take a backup now and get the file here

## Welcome and help.

welcome =
    👋 Hello! We tell you when a service you rely on goes down and when it comes back, in English or Bengali, the moment we know.
    We follow { $services ->
        [one] one service
       *[other] { $services } services
    }. Subscribe to the ones you use with /subscribe, or see them all with /services.
help-intro = We tell you when services go down and when they come back. Commands:
help-line = { $command } — { $description }
help-admin-heading = For admins:

## Language.

language-choose = Choose the language we write to you in. Current: { $current }.
# Ends the welcome of a first /start, over one button per language, in both languages.
language-offer = Which language shall we write to you in? / কোন ভাষায় আপনাকে লিখব?
language-button = { $name }
# Variables: $name (the chosen language's name, for languages with variants) is passed too.
language-set = ✅ Done: from now on we will write to you in English. Times are { $zone } time.

## Lists of names: “WhatsApp, Facebook and bKash”.

list-comma = { $head }, { $next }
list-and = { $head } and { $last }
list-or = { $head } or { $last }
