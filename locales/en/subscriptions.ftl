## Services and subscriptions.

services-heading = Services I follow:
services-line = { $state ->
        [major] 🔴
        [degraded] 🟠
       *[operational] 🟢
    } { $name } ({ $id }){ $subscribed ->
        [yes] {" "}✓
       *[no] {""}
    }
services-footer =
    🟢 working · 🟠 having problems · 🔴 down · ✓ subscribed
    To subscribe, send /subscribe and the name in brackets.
subscribed = ✅ Subscribed to { $names }. You will hear when { $count ->
        [one] it goes down and when it comes
       *[other] they go down and when they come
    } back.
already-subscribed = You were already subscribed to { $names }.
unsubscribed = 🔕 Unsubscribed from { $names }.
not-subscribed = You were not subscribed to that, so nothing changed.
mysubs = 📋 Your subscriptions ({ $count }): { $names }
mysubs-none = You have no subscriptions yet. Pick some with /subscribe.
subscribe-menu = Tap a service to subscribe:
subscribe-menu-empty = You are subscribed to every service I follow.
unsubscribe-menu = Tap a service to unsubscribe:
unsubscribe-all-button = All of them
stopped = 👋 Done. { $count ->
        [0] You had no subscriptions,
        [one] Your one subscription is gone,
       *[other] Your { $count } subscriptions are gone,
    } and everything I kept about this chat is deleted. Send /start to come back.
