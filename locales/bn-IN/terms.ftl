# পশ্চিমবঙ্গের সংবাদপত্রের বাংলা (আনন্দবাজার): পরিষেবা, বিঘ্ন, স্তব্ধ, ফের চালু হল,
# দু ঘণ্টা, এখনও। বাকি সব `bn` ফোল্ডারের। শব্দের তালিকা: locales/GLOSSARY.md।
locale-name = বাংলা (ভারত)
locale-aliases = bangla, bengali, বাংলা, india, ভারত, ইন্ডিয়া, kolkata, কলকাতা, west bengal, পশ্চিমবঙ্গ, in
locale-timezone = Asia/Kolkata
# কলকাতার কাগজে রাত ৩টে ভোর, আর তার নিজের তারিখে: «রবিবার ভোর ৩টা ৫০ মিনিট»।
locale-day-starts = 3

-service = পরিষেবা
-service-gen = পরিষেবার
-service-loc = পরিষেবায়
-again = ফের
-became = হল
# আনন্দবাজার: «দু’মাস আগেও» (anandabazar.com/topic/aryabhatta-khan/page-7): ঊর্ধ্বকমা, এককের সঙ্গে জোড়া।
-two = দু’
# আনন্দবাজার: «১০০ বছরের পুরনো এই বাড়ি» (anandabazar.com/west-bengal/bardhaman/more-than-100-years-old-house-collapsed-at-bardhaman-town-dgtld/cid/1304892)।
-old = পুরনো
# কলকাতার কাগজ পাঠককে «নমস্কার» জানায়।
-hello = নমস্কার
-two-gap = {""}
-disruption = বিঘ্ন
-disruption-gen = বিঘ্নের
# বিঘ্ন «ঘটে», চলে না: «দুপুর ১২টা থেকে বিঘ্ন ঘটছে», «পরিষেবায় বিঘ্ন ঘটেছিল»। আনন্দবাজার: «বিএসএনএলের পরিষেবায় বিঘ্ন ঘটায়» (anandabazar.com/amp/west-bengal/purulia-birbhum-bankura/bsnl-service-interrupted-1.152137)।
-disruption-goes = ঘটছে
-disruption-went = ঘটছিল
-disruption-going = ঘটার
-disruption-was = ঘটেছিল
-still = এখনও
# পুরোপুরি বন্ধের শিরোনাম: «স্তব্ধ এসবিআইয়ের পরিষেবা» — «বন্ধ হয়ে গিয়েছে এসবিআই» ব্যাঙ্ক বা রেল নিজেই উঠে যাওয়ার মতো শোনায়।
# চলমান বিঘ্ন কতক্ষণ: «…, ২৫ মিনিট হয়ে গেল»।
-down-headline = {""}
    .form = service-stalled
    .elapsed = said
-stalled = স্তব্ধ
# মধ্যরাতের পরের সময় আগের তারিখের রাত: «২৯ নভেম্বর রাত ১টা» (শুক্রবার রাত ১টা যেমন)।
-night-of = {""}
# আনন্দবাজার: «অগস্টেই এসেছিল সে সুযোগ» (anandabazar.com/amp/india/diary-and-description-of-baroda-alias-vadodora-1.199218)।
-august = অগস্ট
# আনন্দবাজার: «জলে গেল লক্ষ লক্ষ টাকা» (anandabazar.com/amp/video/publishers-and-book-sellers-of-college-street-are-anxious-as-water-logging-causes-huge-damage-dgtl/cid/1635591)।
-lakh = লক্ষ
-own-clock = কলকাতার ঘড়িতে
-incident = বিভ্রাট
-incident-gen = বিভ্রাটের
-any = কোনও
# উদাহরণ: পশ্চিমবঙ্গের পাঠক যে পরিষেবাগুলো চেনেন।
-services-example = { -whatsapp }, ফেসবুক, ইউপিআই বা আপনার ব্যাঙ্কের মতো
-degraded-example = /degraded gmail মেল আসতে দেরি হচ্ছে
-example-id = gmail
-example-name = জিমেইল
-updates = খবর
-sunday = রবিবার
-written-how = পশ্চিমবঙ্গের বানানে, কলকাতার সময়ে
# আনন্দবাজার: «পরিবার সূত্রে জানা গিয়েছে» (anandabazar.com/topic/durga-puja-2017/page-4), «মেয়াদ শেষ হয়ে গিয়েছে» (anandabazar.com/amp/business/pib-alerts-sbi-customers-not-to-open-this-message-dgtl/cid/1346100)।
-gone = গিয়েছে
# আনন্দবাজার: «ভুল করেও ওই মেসেজে দেওয়া লিঙ্কে ক্লিক না করেন» (একই পাতা)।
-link = লিঙ্ক
# আনন্দবাজার: «হঠাৎই বিভ্রাট হোয়াট্সঅ্যাপ» (anandabazar.com/amp/india/whatsapp-down-and-major-outage-hits-messaging-services-globally-dgtl/cid/1595248)।
-whatsapp = হোয়াট্সঅ্যাপ
# ঘণ্টার পরে দুটো, তিনটে, চারটের মতো «টো», «টে»: আনন্দবাজার: «দুপুর সাড়ে ৩টেয় আর্জেন্টিনা ও সৌদি আরব মুখোমুখি হয়» (anandabazar.com/amp/west-bengal/kolkata/vi-internet-service-not-working-in-kolkata-customers-complaining-dgtl/cid/1386251)।
# (time-clock থেকে, তার $hour12 বা পৌনের জন্য $next_hour12 নিয়ে)
# আড়াইটে: «৩টে», «২টো»-র মতোই (আলাদা করে আনন্দবাজারে পাওয়া যায়নি; তৃতীয় প্রক্সি পাঠকের M2)।
-half-past-two = আড়াইটে
-half = আধ
# «কখনও»: «কোনও», «এখনও»-র মতো (দুটিই আনন্দবাজারে পাওয়া; এটি আলাদা করে নয়)।
-at-times = কখনও
time-oclock = { $hour12 ->
        [2] টো
        [3] টে
        [4] টে
       *[other] টা
    }
time-oclock-next = { $next_hour12 ->
        [2] টো
        [3] টে
        [4] টে
       *[other] টা
    }
