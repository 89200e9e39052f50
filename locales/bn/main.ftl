# ভাষার নিজের নাম, সংখ্যা লেখার রীতি (বাংলা অঙ্ক, ভারতীয় ধাঁচের কমা) আর সময় অঞ্চল।
# এই ফোল্ডার দুই রূপের ভিত্তি: `bn-BD` আর `bn-IN` ফোল্ডার নিজেদের নাম, সময় অঞ্চল আর
# যে শব্দগুলো দুই দেশে আলাদা (`-service`, `-again` …), সেগুলো দেয়।
locale-name = বাংলা
locale-numbering-system = beng
locale-timezone = deployment
# খবরের দিন যে ঘণ্টায় শুরু: তার আগের সময় আগের দিনের রাত।
locale-day-starts = 4
# What people may type in /language to mean this language, besides its name and code.
locale-aliases = bangla, bengali, বাংলা, bangali

## START বোতাম চাপার আগে টেলিগ্রাম যা দেখায় (setMyDescription), আর বটের প্রোফাইলে (১২০ অক্ষরের মধ্যে)।

bot-description =
    { -services-example } দরকারি { -any } { -service } বন্ধ হলে এবং { -again } চালু হলে খবর পাওয়ামাত্র আমরা আপনাকে বাংলায় বা ইংরেজিতে জানিয়ে দিই।
    নিচের START বোতাম চেপে শুরু করুন, তারপর যেসব { -service } ব্যবহার করেন, সেগুলোতে সাবস্ক্রাইব করুন।
bot-short-description = দরকারি { -any } { -service } বন্ধ হলে এবং { -again } চালু হলে সঙ্গে সঙ্গে খবর, বাংলায় বা ইংরেজিতে।

## কমান্ড-মেনুর বিবরণ (টেলিগ্রাম প্রতিটি কমান্ডের পাশে দেখায়)। সবই অনুরোধের ভঙ্গিতে।

cmd-start = শুরু করুন: এই বট কী করে
cmd-help = সব কমান্ড দেখুন
cmd-language = ভাষা বদলান (বাংলা / ইংরেজি)
cmd-services = সব { -service } আর সেগুলোর অবস্থা দেখুন
cmd-subscribe = { -any } { -service-gen } খবর পেতে সাবস্ক্রাইব করুন
cmd-unsubscribe = { -any } { -service-gen } খবর পাওয়া বন্ধ করুন
cmd-mysubs = আপনার সাবস্ক্রিপশন দেখুন
cmd-status = { -any } { -service } এখন বন্ধ কি না দেখুন
cmd-history = সাম্প্রতিক { -incident-gen } তালিকা দেখুন
cmd-report = { -any } { -service } চলছে না? অভিযোগ জানান
cmd-share = { -disruption-gen } খবর অন্যকে জানানোর ছোট বার্তা (এসএমএস বা অন্য অ্যাপে)
cmd-settings = খবর কীভাবে পাবেন: নীরব সময়, শুধু বন্ধের খবর, রক্ষণাবেক্ষণ
cmd-quiet = নীরব সময় ঠিক করুন: তখন খবর আসবে শব্দ ছাড়া
cmd-only = শুধু পুরোপুরি বন্ধের খবর, নাকি সব খবর — বেছে নিন
cmd-stop = সব সাবস্ক্রিপশন বাতিল করে আপনার তথ্য মুছে ফেলুন
cmd-down = { -service } বন্ধ হয়েছে বলে ঘোষণা করুন
cmd-degraded = { -service } ধীর বা আংশিক বিকল বলে ঘোষণা করুন
cmd-update = চলমান { -incident-gen } নতুন খবর দিন
cmd-up = { -service } { -again } চালু হয়েছে বলে জানান
cmd-mute = { -any } { -service-gen } স্বয়ংক্রিয় পরীক্ষা (প্রোব) থামিয়ে রাখুন
cmd-unmute = স্বয়ংক্রিয় পরীক্ষা (প্রোব) { -again } চালু করুন
cmd-maintenance = রক্ষণাবেক্ষণ ঠিক করুন, দেখুন, বাড়ান বা বাতিল করুন
cmd-backup = এখনই ব্যাকআপ নিন; ফাইলটি এখানেই আসবে

## স্বাগত ও সাহায্য। বট নিজের কথা বলে «আমরা» হিসেবে, যেমন খবরের ডেস্ক বলে।

welcome =
    👋 স্বাগতম! আপনার দরকারি { -any } { -service } বন্ধ হলে এবং { -again } চালু হলে খবর পাওয়ামাত্র আমরা আপনাকে বাংলায় বা ইংরেজিতে জানিয়ে দেব।
    এখন { $services }টি { -service-gen } খোঁজ রাখছি। যেগুলো আপনি ব্যবহার করেন, /subscribe লিখে সেগুলোতে সাবস্ক্রাইব করুন; পুরো তালিকা দেখতে /services লিখুন।
help-intro = { -any } { -service } বন্ধ হলে এবং { -again } চালু হলে আমরা আপনাকে জানাই। কমান্ডগুলো:
help-line = { $command } — { $description }
help-admin-heading = অ্যাডমিনদের জন্য:

## ভাষা।

language-choose = কোন ভাষায় আপনাকে লিখব, বেছে নিন। এখন লিখছি: { $current }।
# প্রথম /start-এর স্বাগত বার্তার শেষে, ভাষা বেছে নেওয়ার বোতামের সঙ্গে, দুই ভাষাতেই।
language-offer = কোন ভাষায় আপনাকে লিখব? / Which language shall we write to you in?
language-button = { $name }
language-set = ✅ ঠিক আছে, এখন থেকে আপনাকে বাংলায় লিখব — { -written-how }।

## নামের তালিকা: «হোয়াটসঅ্যাপ, ফেসবুক ও বিকাশ»।

list-comma = { $head }, { $next }
list-and = { $head } ও { $last }
list-or = { $head } বা { $last }
