## ভুলের জবাব: ছোট, আর প্রতিটিতে বলা আছে এর বদলে কী করবেন।

error-unknown-service = “{ $name }” নামে { -any } { -service } আমাদের তালিকায় নেই। তালিকা দেখতে /services লিখুন।
error-too-many-subscriptions = ✋ একটি চ্যাটে সর্বোচ্চ { $most }টি { -service-gen } খবর পাওয়া যায়। কিছুই বদলানো হয়নি; আগে কয়েকটি থেকে /unsubscribe করে নিন।
error-unknown-service-suggest = “{ $name }” আমাদের তালিকায় নেই। আপনি কি { $suggestion } ({ $suggestion_id }) বোঝাতে চেয়েছিলেন?
error-unknown-command = /{ $command } নামে { -any } কমান্ড নেই। সব কমান্ড দেখতে /help লিখুন।
error-unknown-command-suggest = /{ $command } নামে { -any } কমান্ড নেই। আপনি কি /{ $suggestion } লিখতে চেয়েছিলেন? সব কমান্ড দেখতে /help লিখুন।
error-extra-arguments = /{ $command } কমান্ডের পরে আর কিছু লিখতে হয় না। সব কমান্ড দেখতে /help লিখুন।
error-one-argument =
    /{ $command }-এর পরে শুধু একটি নাম লিখুন, যেমন:
    { $example }
error-not-a-command = আমরা /status বা /subscribe-এর মতো কমান্ডের জবাব দিই। সব কমান্ড দেখতে /help লিখুন।
error-admins-only = 🔒 এই কমান্ড কেবল বটের অ্যাডমিনদের জন্য। { -any } { -service } কাজ না করলে /report লিখে জানান।
error-group-admins-only = 🔒 এই গ্রুপের সাবস্ক্রিপশন, ভাষা বা খবর পাওয়ার নিয়ম কেবল গ্রুপের অ্যাডমিনরা বদলাতে পারেন।
error-internal = 😔 দুঃখিত, আমাদের একটি কারিগরি সমস্যা হয়েছে। একটু পরে আবার চেষ্টা করুন।
error-stale-button = এই বোতামটি আর কাজ করে না। কমান্ডটি আবার পাঠান।
error-bad-start-link = এই { -link }টি আমাদের চেনা নয়। তালিকা দেখতে /services লিখুন।
error-unknown-language = “{ $code }” নামে { -any } ভাষা আমাদের জানা নেই। /language লিখে বেছে নিন: { $languages }।
error-usage =
    /{ $usage } যেভাবে লিখবেন:
    { $example }
usage-down = /down whatsapp বার্তা পৌঁছাচ্ছে না
usage-degraded = { -degraded-example }
usage-update =
    /update whatsapp চিহ্নিত একটি সার্ভার বিকল, সেটি বদলানো হচ্ছে
    (নামের পরের শব্দটি ধাপ: অনুসন্ধান, চিহ্নিত বা নজরদারি)
usage-up = /up whatsapp সব আবার স্বাভাবিক
usage-report = /report { -whatsapp }
usage-share = /share { -whatsapp }
usage-mute = /mute { -example-id }
usage-unmute = /unmute { -example-id }
usage-language = /language বাংলা
usage-subscribe = /subscribe { -whatsapp } { -example-name }
usage-unsubscribe = /unsubscribe { -whatsapp }
usage-status = /status { -whatsapp }
usage-history = /history { -whatsapp }
error-text-too-long = ✂️ { $part ->
        [bn] বাংলা অংশটি
        [en] ইংরেজি অংশটি
        [other] একটি ভাষার অংশ
       *[whole] লেখাটি
    } টেলিগ্রামের হিসেবে { $length } অক্ষরের; কিন্তু একটি ঘোষণায় প্রতি ভাষায় সর্বোচ্চ { $limit } অক্ষর রাখা যায়। একটু ছোট করুন।
error-already-open = { $service_loc } { $since } থেকে { -incident } চলছে। নতুন খবর দিতে /update, { -service } আবার চালু হয়েছে জানাতে /up লিখুন।
error-outbox-full = ⏳ { -still } { $pending }টি ঘোষণা পাঠানোর অপেক্ষায় আছে, তাই এটি এই মুহূর্তে সারিতে রাখা যাচ্ছে না। কয়েক মিনিট পরে আবার চেষ্টা করুন।
error-no-open-incident = { $service_loc } এখন { -any } { -incident } চলছে না। নতুন { -incident } ঘোষণা করতে /down বা /degraded লিখুন।
