## The terminal front end (`outage-bot console`).

console-intro =
    outage-bot console: you are user { $user }. Type commands as on Telegram.
    Also: /as ID [bn-BD|bn-IN|en] to be another user, /press DATA to press a button, /later MINUTES to move the clock on, /quit to leave.
console-acting-as = Now acting as user { $user }.
console-later = ⏩ The clock moved { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    } on.
console-document = 📎 { $name } ({ $kilobytes } KB)
console-usage-as = Usage: /as ID [bn-BD|bn-IN|en]
console-usage-later = Usage: /later MINUTES
console-no-menu = There are no buttons to press; send a command that shows some first.
