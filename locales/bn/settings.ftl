## /settings, /quiet ও /only: এই চ্যাট কীভাবে খবর পাবে।

settings-heading = ⚙️ এই চ্যাটে খবর যেভাবে আসে:
# Variables: $from, $to (চ্যাটের নিজের ঘড়িতে নীরব সময়) চালু থাকলে দেওয়া হয়।
settings-quiet = { $quiet ->
        [on] 🌙 নীরব সময় { $from } থেকে { $to }: এ সময়ের খবর আসবে কোনো শব্দ ছাড়া।
       *[off] 🔔 নীরব সময় নেই: প্রতিটি খবর আসে শব্দ করে।
    }
settings-only = { $only ->
        [on] 📢 শুধু কোনো { -service } পুরোপুরি বন্ধ হলে আর { -again } চালু হলে খবর আসে।
       *[off] 📢 সব খবর: বন্ধ হওয়া, ধীরগতি আর মাঝের হালনাগাদ।
    }
settings-maintenance = { $announced ->
        [on] 🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণের খবর জানানো হয়।
       *[off] 🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণের খবর জানানো হয় না।
    }
settings-footer = বোতাম চেপে বদলান, অথবা লিখুন /quiet ২২:০০–০৭:০০, /quiet off, /only outages, /only all।
settings-button-quiet-night = 🌙 { $from } থেকে { $to } নীরব
settings-button-quiet-off = 🔔 নীরব সময় বন্ধ
settings-button-only-outages = 📢 শুধু পুরোপুরি বন্ধ হলে
settings-button-all = 📢 সব খবর
settings-button-maintenance-off = 🔧 রক্ষণাবেক্ষণের খবর নয়
settings-button-maintenance-on = 🔧 রক্ষণাবেক্ষণের খবরও
quiet-set = 🌙 ঠিক আছে: { $from } থেকে { $to } পর্যন্ত খবর আসবে কোনো শব্দ ছাড়া, তবে দেরি না করে। এটি বন্ধ করতে: /quiet off
quiet-off = 🔔 ঠিক আছে: এখন থেকে প্রতিটি খবর আবার শব্দ করে আসবে।
only-outages-set = 📢 ঠিক আছে: কোনো { -service } পুরোপুরি বন্ধ হলে আর { -again } চালু হলে তবেই জানাব। সব খবর পেতে: /only all
only-all-set = 📢 ঠিক আছে: ধীরগতি আর হালনাগাদসহ সব খবর আবার পাবেন।
usage-quiet =
    /quiet ২২:০০–০৭:০০
    (ওই সময়ের খবর আসবে শব্দ ছাড়া; বন্ধ করতে /quiet off)
usage-only =
    /only outages
    (শুধু পুরোপুরি বন্ধ হওয়া আর চালু হওয়ার খবর; সব খবর পেতে /only all)
error-quiet-hours =
    «{ $typed }» থেকে নীরব সময় বোঝা যাচ্ছে না। শুরু আর শেষ লিখুন, যেমন:
    /quiet ২২:০০–০৭:০০
