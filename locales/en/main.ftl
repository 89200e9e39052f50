# The language itself: its name in its own script, and how it writes numbers.
locale-name = English
locale-numbering-system = latn

## Command menu descriptions (Telegram shows them next to each command).

cmd-start = Start: what this bot does
cmd-help = All commands
cmd-language = Change the language (বাংলা / English)
cmd-services = Every service and its state now
cmd-subscribe = Get notices for a service
cmd-unsubscribe = Stop notices for a service
cmd-mysubs = Your subscriptions
cmd-status = Is it down right now?
cmd-history = Recent outages
cmd-report = Tell us a service is down for you
cmd-stop = Stop everything and delete your data
cmd-down = Admin: a service is down
cmd-degraded = Admin: a service is slow or partly failing
cmd-update = Admin: news on an open incident
cmd-up = Admin: a service is back
cmd-mute = Admin: hold a service's probe back
cmd-unmute = Admin: let a service's probe report again

## Welcome and help.

welcome =
    👋 Hello! I tell you when a service you rely on goes down and when it comes back, in English or Bengali, the moment we know.
    I follow { $services ->
        [one] one service
       *[other] { $services } services
    }. Subscribe to the ones you use with /subscribe, or see them all with /services.
help-intro = I tell you when services go down and when they come back. Commands:
help-line = { $command } — { $description }
help-admin-heading = For admins:

## Language.

language-choose = Choose the language I write to you in. Now: { $current }.
language-button = { $name }
language-set = ✅ Done: I will write to you in { $name } from now on.
