## /settings, /quiet ও /only: এই চ্যাট কীভাবে খবর পাবে।

settings-heading = ⚙️ এই চ্যাটে খবর যেভাবে আসে:
# Variables: $from, $to (চ্যাটের নিজের ঘড়িতে নীরব সময়) চালু থাকলে দেওয়া হয়।
settings-quiet = { $quiet ->
        [on] 🌙 নীরব সময় { $from } থেকে { $to }: এ সময়ে খবর আসে নিঃশব্দে।
       *[off] 🔔 নীরব সময় নেই: প্রতিটি খবর আসে শব্দ করে।
    }
settings-only = { $only ->
        [on] 📢 শুধু { -any } { -service } পুরোপুরি বন্ধ হলে এবং আবার চালু হলে খবর আসে।
       *[off] 📢 সব খবর: বন্ধ হওয়া, ধীরগতি আর মাঝের সব খবর।
    }
settings-maintenance = { $announced ->
        [on] 🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণের খবরও আসে।
       *[off] 🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণের খবর আসে না।
    }
settings-footer = বদলাতে নিচের বোতাম চাপুন, অথবা লিখুন: /quiet ২২:০০–০৭:০০, /quiet off, /only outages, /only all
settings-button-quiet-night = 🌙 নীরব: { $from }–{ $to }
settings-button-quiet-off = 🔔 নীরব সময় তুলে দিন
settings-button-only-outages = 📢 শুধু বন্ধের খবর
settings-button-all = 📢 সব খবর
settings-button-maintenance-off = 🔧 রক্ষণাবেক্ষণের খবর বাদ দিন
settings-button-maintenance-on = 🔧 রক্ষণাবেক্ষণের খবরও দিন
quiet-set = 🌙 ঠিক আছে: { $from } থেকে { $to } পর্যন্ত খবর সঙ্গে সঙ্গেই আসবে, শুধু শব্দ হবে না। নীরব সময় তুলে দিতে: /quiet off
quiet-off = 🔔 ঠিক আছে: এখন থেকে প্রতিটি খবর আবার শব্দ করে আসবে।
only-outages-set = 📢 ঠিক আছে: { -any } { -service } পুরোপুরি বন্ধ হলে এবং আবার চালু হলে তবেই জানাব। সব খবর পেতে: /only all
only-all-set = 📢 ঠিক আছে: এখন থেকে আবার সব খবর পাবেন, { -service } ধীর হয়ে পড়ার খবর আর মাঝের খবরও।
usage-quiet =
    /quiet ২২:০০–০৭:০০
    (ওই সময়ের খবর আসবে শব্দ ছাড়া; বন্ধ করতে /quiet off)
usage-only =
    /only outages
    (শুধু পুরোপুরি বন্ধ হওয়া ও চালু হওয়ার খবর; সব খবর পেতে /only all)
error-quiet-hours =
    “{ $typed }” থেকে নীরব সময় বোঝা যাচ্ছে না। শুরু ও শেষের সময় লিখুন, যেমন:
    /quiet ২২:০০–০৭:০০
