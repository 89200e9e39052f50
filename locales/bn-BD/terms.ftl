# বাংলাদেশের পত্রিকার বাংলা (প্রথম আলো, বিডিনিউজ২৪): সেবা, বিভ্রাট, আবার চালু হলো,
# দুই ঘণ্টা, এখনো। বাকি সব `bn` ফোল্ডারের। শব্দের তালিকা: locales/GLOSSARY.md।
locale-name = বাংলা (বাংলাদেশ)
locale-aliases = bangla, bengali, বাংলা, bangladesh, বাংলাদেশ, bd
locale-timezone = Asia/Dhaka
# খবরের দিন ভোর ৪টায় শুরু: তার আগের সময় আগের দিনের রাত («দিবাগত রাত ৩টা»)।
locale-day-starts = 4

-service = সেবা
-service-gen = সেবার
-service-loc = সেবায়
-again = আবার
-became = হলো
-two = দুই
-old = পুরোনো
-hello = স্বাগতম
# «দুই» আর এককের মাঝে ফাঁক: «দুই ঘণ্টা»।
-two-gap = {" "}
-disruption = বিভ্রাট
-disruption-gen = বিভ্রাটের
# বিভ্রাট «চলে»: «দুপুর ১২টা থেকে বিভ্রাট চলছে»।
-disruption-goes = চলছে
-disruption-went = চলছিল
-disruption-going = চলার
-disruption-was = ছিল
-still = এখনো
-half-past-two = আড়াইটা
# «আধা ঘণ্টা» (ঢাকার কাগজ), কলকাতার «আধ ঘণ্টা»।
-half = আধা
-at-times = কখনো
# বন্ধের শিরোনাম: «বিকাশের সেবা বন্ধ», «নগদের সেবায় বিভ্রাট» — «বন্ধ হয়ে গেছে নগদ» পড়ায় যেন
# প্রতিষ্ঠানটিই উঠে গেছে, আর «নগদ সেবা» মানে হয় নগদ টাকার সেবা।
# চলমান বিভ্রাট কতক্ষণ: «(২৫ মিনিট ধরে)», /status-এর মতো।
-down-headline = {""}
    .form = service-first
    .elapsed = bracket
-stalled = অচল
# মধ্যরাতের পরের সময় আগের তারিখের সঙ্গে: «২৯ নভেম্বর দিবাগত রাত ১টা»।
-night-of = {"দিবাগত "}
-august = আগস্ট
-lakh = লাখ
-own-clock = ঢাকার ঘড়িতে
-incident = বিভ্রাট
-incident-gen = বিভ্রাটের
-any = কোনো
# উদাহরণ: বাংলাদেশের পাঠক যে সেবাগুলো চেনেন।
-services-example = { -whatsapp }, ফেসবুক, বিকাশ বা আপনার ব্যাংকের মতো
-degraded-example = /degraded bkash লেনদেন ধীরে হচ্ছে
-example-id = bkash
-example-name = বিকাশ
-updates = খবর
-sunday = রোববার
-written-how = বাংলাদেশের বানানে, ঢাকার সময়ে
-gone = গেছে
-link = লিংক
-whatsapp = হোয়াটসঅ্যাপ
# ঘণ্টার পরের «টা» (time-clock থেকে, তার $hour12 বা $next_hour12 নিয়ে)।
time-oclock = টা
time-oclock-next = টা
