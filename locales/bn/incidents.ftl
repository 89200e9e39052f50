## গ্রাহকেরা যে খবর পান।

notice-opened = { $severity ->
        [degraded] 🟠 { $service } পরিষেবায় বিঘ্ন
       *[major] 🔴 বন্ধ হয়ে গেছে { $service }
    }
    { $severity ->
        [degraded] { $since } থেকে { $service } ধীরে চলছে, কখনো কখনো কাজ করছে না।
       *[major] { $since } থেকে { $service } স্তব্ধ।
    } কারণ খতিয়ে দেখা হচ্ছে; নতুন কিছু জানামাত্র আপনাকে জানানো হবে।
notice-severity-changed = { $severity ->
        [degraded] 🟠 আংশিক চালু হল { $service }
       *[major] 🔴 পুরোপুরি বন্ধ হয়ে গেল { $service }
    }
    { $severity ->
        [degraded] কেউ কেউ আবার ব্যবহার করতে পারছেন, তবে এখনও ধীরগতি বা ত্রুটি থাকতে পারে।
       *[major] { $since } থেকে চলা বিঘ্ন এখন পুরো পরিষেবাকেই স্তব্ধ করে দিয়েছে।
    }
notice-updated = { $phase ->
        [identified] 🛠 { $service }: সমস্যার কারণ জানা গেছে, মেরামতের কাজ চলছে
        [monitoring] 👀 { $service }: সমাধান করা হয়েছে, পরিস্থিতির ওপর নজর রাখা হচ্ছে
       *[investigating] 🔎 { $service }: কারণ এখনও খতিয়ে দেখা হচ্ছে
    }
    { $since } থেকে { $severity ->
        [degraded] বিঘ্ন চলছে
       *[major] পরিষেবা বন্ধ
    } ({ $elapsed })।
notice-resolved = ✅ { $rounded } পর ফের চালু হল { $service }
    { $since } থেকে { $end } পর্যন্ত { $severity ->
        [degraded] বিঘ্ন চলেছে
       *[major] পরিষেবা বন্ধ ছিল
    } ({ $duration })।
notice-resolved-unheard = ✅ { $rounded } { $severity ->
        [degraded] বিঘ্নের
       *[major] বন্ধ থাকার
    } পর ফের চালু হল { $service }
    { $since } থেকে { $end } পর্যন্ত { $severity ->
        [degraded] বিঘ্ন চলেছে
       *[major] পরিষেবা বন্ধ ছিল
    } ({ $duration })।

## সম্প্রচারের অগ্রগতি, অ্যাডমিনের জন্য।

posted = 📣 ঘোষণা করা হল। { $count ->
        [0] { $service }-এ এখনও কেউ সাবস্ক্রাইব করেননি, তাই কাউকে পাঠানোর নেই।
       *[other] { $service }-এর { $count }টি সাবস্ক্রাইব করা চ্যাটে জানানো হচ্ছে…
    }
progress = 📤 { $service }: পাঠানো হয়েছে { $delivered } / { $total } · ব্লক { $blocked } · ব্যর্থ { $failed }
progress-done = ✅ { $service }: পৌঁছেছে { $delivered } / { $total } · ব্লক { $blocked } · ব্যর্থ { $failed }

## অবস্থা ও ইতিহাস।

status-open = { $severity ->
        [degraded] 🟠 { $service }: বিঘ্ন চলছে
       *[major] 🔴 { $service }: বন্ধ
    }, { $since } থেকে ({ $elapsed })
    { $phase ->
        [identified] সমস্যার কারণ জানা গেছে, মেরামতের কাজ চলছে।
        [monitoring] সমাধান করা হয়েছে, নজর রাখা হচ্ছে।
       *[investigating] কারণ খতিয়ে দেখা হচ্ছে।
    }
status-latest = সর্বশেষ খবর ({ $at }): { $text }
status-operational = 🟢 { $service } স্বাভাবিকভাবে চলছে।
status-all-operational = 🟢 { $count }টি পরিষেবাই স্বাভাবিকভাবে চলছে।
status-set-aside = ⚠️ { $count }টি বার্তার রেকর্ড পড়া যায়নি, তাই সেগুলো আলাদা করে রাখা হয়েছে; বাকি সব বার্তা পাঠানো হয়েছে। কারণ লগে লেখা আছে।
status-summary = 🔴 এখন সমস্যা: { $down }টিতে · 🟢 স্বাভাবিক: { $operational }টি
source-admin = ঘোষণা করেছেন অ্যাডমিন { NUMBER($user, useGrouping: "false") }।
source-api = HTTP API দিয়ে ঘোষণা করা হয়েছে।
source-alertmanager = Prometheus Alertmanager-এর সতর্কবার্তা থেকে খোলা হয়েছে।
source-monitor = মনিটর (Uptime Kuma বা Gatus) থেকে খোলা হয়েছে।
source-crowd = গ্রাহকদের অভিযোগ দেখে ঘোষণা করেছেন অ্যাডমিন { NUMBER($user, useGrouping: "false") }।
source-probe = বটের নিজের পরীক্ষায় (probe) ধরা পড়েছে।
history-heading = 🗂 সাম্প্রতিক বিঘ্ন ({ $count }টি):
history-resolved = • { $service }, { $severity ->
        [degraded] বিঘ্ন
       *[major] বন্ধ
    }: { $start } → { $end } ({ $duration })
history-ongoing = • { $service }, { $severity ->
        [degraded] বিঘ্ন
       *[major] বন্ধ
    }: { $start } থেকে, এখনও চলছে ({ $duration })
history-none = এখনও কোনো বিঘ্নের খবর নথিভুক্ত হয়নি।
history-none-service = { $service }-এ এখনও কোনো বিঘ্নের খবর নথিভুক্ত হয়নি।

## গ্রাহকদের অভিযোগ।

report-known = আমরা জানি: { $since } থেকে { $service } বন্ধ। ফের চালু হলেই খবর পেতে /subscribe দিয়ে সাবস্ক্রাইব করুন।
report-already = গত { $minutes } মিনিটের মধ্যে আপনি { $service } নিয়ে অভিযোগ জানিয়েছেন। ধন্যবাদ।
report-counted = 🙏 ধন্যবাদ। { $count ->
        [one] { $service } নিয়ে আপনিই প্রথম অভিযোগ জানালেন
       *[other] { $service } নিয়ে গত { $minutes } মিনিটে { $count } জন অভিযোগ জানিয়েছেন
    }।
report-alert =
    🚨 গত { $minutes } মিনিটে { $count } জন জানিয়েছেন, { $service } কাজ করছে না।
    সত্যিই বিঘ্ন হলে ঘোষণা করুন: /down { $id } যা জানা গেছে
report-declare-button = 🔴 বিঘ্ন ঘোষণা করুন
report-dismiss-button = বাতিল
report-declared = 🔴 ঘোষণা করা হল: { $service } বন্ধ। { $count ->
        [0] এখনও কেউ সাবস্ক্রাইব করেননি, তাই কাউকে পাঠানোর নেই।
       *[other] { $count }টি সাবস্ক্রাইব করা চ্যাটে জানানো হচ্ছে…
    }
report-dismissed = বাতিল করা হল: { $service } নিয়ে কিছু ঘোষণা করা হয়নি।

## বটের নিজের পরীক্ষা (probe)।

probe-muted = 🔕 { $changed ->
        [yes] { $service }-এর probe থামিয়ে রাখা হল: /unmute না করা পর্যন্ত এটি কোনো বিঘ্ন খুলবে বা বন্ধ করবে না।
       *[no] { $service }-এর probe আগে থেকেই থামানো ছিল।
    }{ $probed ->
        [yes] {""}
       *[no] {" "}({ $service }-এর জন্য কোনো probe সাজানো নেই।)
    }
probe-unmuted = 🔔 { $changed ->
        [yes] { $service }-এর probe আবার খবর দেবে।
       *[no] { $service }-এর probe থামানো ছিল না।
    }{ $probed ->
        [yes] {""}
       *[no] {" "}({ $service }-এর জন্য কোনো probe সাজানো নেই।)
    }
probe-flapping =
    ⚠️ { $service } বারবার বন্ধ হচ্ছে আর ফের চালু হচ্ছে ({ $minutes } মিনিটে { $count } বার)।
    গ্রাহকদের প্রতিবার জানানো হচ্ছে না। সত্যিই বিঘ্ন হলে নিজে ঘোষণা করুন: /down { $id } — অথবা probe থামিয়ে রাখুন: /mute { $id }
automatic-rate-limited =
    ⚠️ { $service }: { $minutes } মিনিটে স্বয়ংক্রিয় নজরদারি থেকে { $limit }টির বেশি পরিবর্তনের খবর এসেছে, তাই আপাতত বাকিগুলো আটকে রাখা হচ্ছে; গ্রাহকদের প্রতিবার জানানো হবে না।
    কী ঘটছে দেখতে /status { $id } লিখুন; সত্যিই বিঘ্ন হলে নিজে ঘোষণা করুন: /down { $id }
