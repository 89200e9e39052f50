## সেবা/পরিষেবা ও সাবস্ক্রিপশন।

services-heading = যেসব { -service-gen } খোঁজ রাখছি:
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
    🟢 চালু · 🟠 ব্যাহত · 🔴 বন্ধ · 🔧 রক্ষণাবেক্ষণ চলছে · ✓ সাবস্ক্রাইব করা
    সাবস্ক্রাইব করতে /subscribe লিখে নাম দিন, যেমন: /subscribe { $example }
subscribed = ✅ এখন থেকে { $names_gen } খবর পাবেন: বন্ধ হলে এবং আবার চালু হলে আপনাকে জানানো হবে।
already-subscribed = { $names } আগে থেকেই আপনার সাবস্ক্রিপশনে আছে।
unsubscribed = 🔕 { $names_gen } সাবস্ক্রিপশন বাতিল { -became }; এখন থেকে আর খবর পাঠানো হবে না।
not-subscribed = { $names } আপনার সাবস্ক্রিপশনে ছিল না, তাই কিছু বদলায়নি।
not-subscribed-any = আপনার { -any } সাবস্ক্রিপশন নেই, তাই কিছু বদলায়নি।
mysubs = 📋 আপনার সাবস্ক্রিপশন ({ $count }টি): { $names }
mysubs-none = আপনি { -still } { -any } { -service-loc } সাবস্ক্রাইব করেননি। /subscribe লিখে বেছে নিন।
subscribe-menu = কোন { -service-gen } খবর চান? নামটি বেছে নিন:
subscribe-menu-empty = আমরা যত { -service-gen } খোঁজ রাখি, সবগুলোতেই আপনি সাবস্ক্রাইব করেছেন।
unsubscribe-menu = কোন { -service-gen } খবর আর চান না? নামটি বেছে নিন:
unsubscribe-all-button = সবগুলো
stopped = 👋 ঠিক আছে। { $count ->
        [0] আপনার { -any } সাবস্ক্রিপশন ছিল না,
       *[other] আপনার { $count }টি সাবস্ক্রিপশন বাতিল { -became },
    } আর এই চ্যাটের যত তথ্য আমাদের কাছে ছিল, সব মুছে ফেলা হয়েছে। আবার শুরু করতে /start পাঠান।
