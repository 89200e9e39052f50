## Answers to mistakes. Short, and each says what to do instead.

error-unknown-service = We don't follow a service called “{ $name }”. See the list: /services
error-too-many-subscriptions = ✋ A chat can follow at most { $most } services. Nothing was changed; /unsubscribe from some first.
# Variables: $suggestion_gen, $suggestion_loc are passed too.
error-unknown-service-suggest = We don't follow “{ $name }”. Did you mean { $suggestion } ({ $suggestion_id })?
error-unknown-command = There is no /{ $command } command. All commands: /help
error-unknown-command-suggest = There is no /{ $command } command. Did you mean /{ $suggestion }? All commands: /help
error-extra-arguments = /{ $command } needs nothing after it. All commands: /help
error-one-argument =
    After /{ $command }, write just one name, for example:
    { $example }
error-not-a-command = We answer commands such as /status or /subscribe. All commands: /help
error-admins-only = 🔒 Only the bot's admins can do that. If a service is not working for you, tell us with /report.
error-group-admins-only = 🔒 Only this group's administrators can change its subscriptions or language.
error-internal = 😔 Sorry, we have a technical problem. Please try again in a moment.
error-stale-button = This button no longer works. Please send the command again.
error-bad-start-link = That link is not one we know. See the list: /services
error-unknown-language = We don't know a language called “{ $code }”. Send /language and choose { $languages }.
error-usage =
    How to use /{ $usage }:
    { $example }
usage-down = /down whatsapp Messages are not being delivered
usage-degraded = /degraded gmail Mail is slow to arrive
usage-update =
    /update whatsapp identified A server failed; it is being replaced
    (the word after the name is the stage: investigating, identified or monitoring)
usage-up = /up whatsapp Everything works again
usage-report = /report whatsapp
usage-share = /share whatsapp
usage-mute = /mute gmail
usage-unmute = /unmute gmail
usage-language = /language bn
usage-subscribe = /subscribe whatsapp gmail
usage-unsubscribe = /unsubscribe whatsapp
usage-status = /status whatsapp
usage-history = /history whatsapp
error-text-too-long = ✂️ { $part ->
        [bn] The Bengali part is
        [en] The English part is
        [other] One language's part is
       *[whole] That text is
    } { $length } characters long as Telegram counts them; a notice can hold { $limit } per language. Please shorten it.
error-already-open = { $service } has had an open incident since { $since }. Add news with /update, or post that it is back with /up.
error-outbox-full = ⏳ { $pending } notices are still waiting to go out, so this one cannot be queued yet. Please try again in a few minutes.
error-no-open-incident = { $service } has no open incident. Post one with /down or /degraded.
