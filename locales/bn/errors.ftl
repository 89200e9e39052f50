## ভুলের জবাব: ছোট, আর প্রতিটিতে বলা আছে এর বদলে কী করবেন।

error-unknown-service = 🤔 “{ $name }” নামে কোনো পরিষেবা আমার জানা নেই। তালিকা দেখুন: /services
error-unknown-service-suggest = 🤔 “{ $name }” আমার জানা নেই। আপনি কি { $suggestion } বোঝাতে চেয়েছেন?
error-unknown-command = 🤔 /{ $command } নামে কোনো কমান্ড নেই। আমি যা পারি: /help
error-extra-arguments = /{ $command } কমান্ডের পরে আর কিছু লিখতে হয় না। সব কমান্ড দেখতে /help লিখুন।
error-one-argument =
    /{ $command }-এর পরে শুধু একটি নাম লিখুন, যেমন:
    { $example }
error-not-a-command = আমি /status বা /subscribe-এর মতো কমান্ডের জবাব দিই। দেখুন /help
error-admins-only = 🔒 বিঘ্নের ঘোষণা কেবল বটের অ্যাডমিনরা দিতে পারেন। আপনার কাছে কোনো পরিষেবা বন্ধ থাকলে /report দিয়ে জানান।
error-group-admins-only = 🔒 এই গ্রুপের সাবস্ক্রিপশন বা ভাষা কেবল গ্রুপের অ্যাডমিনরা বদলাতে পারেন।
error-internal = 😔 দুঃখিত, আমাদের দিকে কিছু একটা গোলমাল হয়েছে। একটু পরে আবার চেষ্টা করুন।
error-stale-button = এই বোতামটি আর কাজ করে না। কমান্ডটি আবার পাঠান।
error-bad-start-link = এই লিংকটি আমার চেনা নয়। দেখুন /services
error-unknown-language = “{ $code }” ভাষায় এখনও লিখতে পারি না। এগুলোর একটি বেছে নিন: { $languages }
error-usage =
    /{ $usage } যেভাবে লিখবেন:
    { $example }
usage-down = /down whatsapp বার্তা পৌঁছাচ্ছে না
usage-degraded = /degraded bkash লেনদেন ধীরে হচ্ছে
usage-update = /update whatsapp identified একটি সার্ভার বসে গেছে, বদলানো হচ্ছে
usage-up = /up whatsapp সব আবার স্বাভাবিক
usage-report = /report whatsapp
usage-mute = /mute bkash
usage-unmute = /unmute bkash
usage-language = /language bn
usage-subscribe = /subscribe whatsapp bkash
usage-unsubscribe = /unsubscribe whatsapp
usage-status = /status whatsapp
usage-history = /history whatsapp
error-text-too-long = ✂️ লেখাটি { $length } অক্ষরের; একটি ঘোষণায় প্রতিটি ভাষায় সর্বোচ্চ { $limit } অক্ষর ধরে। একটু ছোট করুন।
error-already-open = { $service }-এর একটি বিঘ্ন { $since } থেকে চলছে। নতুন খবর দিতে /update, শেষ ঘোষণা করতে /up।
error-outbox-full = ⏳ এখনো { $pending }টি ঘোষণা পাঠানোর অপেক্ষায় আছে, তাই এটি এই মুহূর্তে সারিতে রাখা যাচ্ছে না। কয়েক মিনিট পরে আবার চেষ্টা করুন।
error-no-open-incident = { $service }-এ এখন কোনো চলমান বিঘ্ন নেই। নতুন করে ঘোষণা করতে /down বা /degraded।
