## Answers to mistakes. Short, and each says what to do instead.

error-unknown-service = 🤔 I don't know a service called “{ $name }”. The list: /services
error-unknown-service-suggest = 🤔 I don't know “{ $name }”. Did you mean { $suggestion }?
error-unknown-command = 🤔 There is no /{ $command } command. Here is what I can do: /help
error-extra-arguments = /{ $command } needs nothing after it. See /help
error-one-argument =
    After /{ $command }, write just one name, for example:
    { $example }
error-not-a-command = I answer commands such as /status or /subscribe. See /help
error-admins-only = 🔒 Only the bot's admins can post incidents. If a service is down for you, tell us with /report.
error-group-admins-only = 🔒 Only this group's administrators can change its subscriptions or language.
error-internal = 😔 Sorry, something went wrong on our side. Please try again in a moment.
error-stale-button = This button no longer works. Please send the command again.
error-bad-start-link = That link is not one I know. See /services
error-unknown-language = I can't write in “{ $code }” yet. Choose one of: { $languages }
error-usage =
    How to use /{ $usage }:
    { $example }
usage-down = /down whatsapp Messages are not being delivered
usage-degraded = /degraded bkash Payments are slow
usage-update = /update whatsapp identified A server failed; it is being replaced
usage-up = /up whatsapp Everything works again
usage-report = /report whatsapp
usage-mute = /mute bkash
usage-unmute = /unmute bkash
usage-language = /language bn
usage-subscribe = /subscribe whatsapp bkash
usage-unsubscribe = /unsubscribe whatsapp
usage-status = /status whatsapp
usage-history = /history whatsapp
error-text-too-long = ✂️ That text is { $length } characters long; a notice can hold { $limit } per language. Please shorten it.
error-already-open = { $service } already has an open incident, since { $since }. Add news with /update, or close it with /up.
error-outbox-full = ⏳ { $pending } notices are still waiting to go out, so this one cannot be queued yet. Please try again in a few minutes.
error-no-open-incident = { $service } has no open incident. Open one with /down or /degraded.
