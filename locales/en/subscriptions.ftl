## Services and subscriptions.

services-heading = Services we follow:
services-line = { $state ->
        [major] 🔴
        [degraded] 🟠
        [maintenance] 🔧
       *[operational] 🟢
    } { $name } ({ $id }){ $subscribed ->
        [yes] {" "}✓
       *[no] {""}
    }
services-footer =
    🟢 working · 🟠 having problems · 🔴 down · 🔧 under maintenance · ✓ subscribed
    To subscribe, send /subscribe and a name, for example: /subscribe { $example }
# Variables: $names_gen (the list with its last name in the genitive) is passed too.
subscribed = ✅ Subscribed to { $names }. You will hear when { $count ->
        [one] it goes down and when it comes
       *[other] they go down and when they come
    } back.
already-subscribed = You're already subscribed to { $names }.
# Variables: $names_gen is passed too.
unsubscribed = 🔕 Unsubscribed from { $names }: you won't get news of { $count ->
        [one] it
       *[other] them
    } any more.
# Variables: $names_or ("WhatsApp or Robi"), $names ("WhatsApp and Robi") and $count are passed.
not-subscribed = You weren't subscribed to { $names_or }, so nothing has changed.
not-subscribed-any = You have no subscriptions, so nothing has changed.
mysubs = 📋 Your subscriptions ({ $count }): { $names }
mysubs-none = You have no subscriptions yet. Pick some with /subscribe.
subscribe-menu = Tap a service to subscribe:
subscribe-menu-empty = You are subscribed to every service we follow.
unsubscribe-menu = Tap a service to unsubscribe:
unsubscribe-all-button = All of them
stopped = 👋 All right. { $count ->
        [0] You had no subscriptions,
        [one] Your one subscription has been cancelled,
       *[other] Your { $count } subscriptions have been cancelled,
    } and everything we kept about this chat has been deleted. Send /start to begin again.
