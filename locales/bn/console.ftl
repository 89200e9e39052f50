## টার্মিনালে বট (`outage-bot console`)।

console-intro =
    outage-bot কনসোল: আপনি ব্যবহারকারী (আইডি: { $user })। টেলিগ্রামের মতোই কমান্ড লিখুন।
    এ ছাড়া: অন্য কেউ হতে /as ID [bn-BD|bn-IN|en], বোতাম চাপতে /press DATA, ঘড়ি এগিয়ে নিতে /later মিনিট, বেরোতে /quit।
console-acting-as = এখন আপনি ব্যবহারকারী (আইডি: { $user })।
console-later = ⏩ ঘড়ি { $minutes } মিনিট এগিয়ে গেল।
console-document = 📎 { $name } ({ $kilobytes } কিলোবাইট)
console-usage-as = লিখুন: /as ID [bn-BD|bn-IN|en]
console-usage-later = লিখুন: /later মিনিট
console-no-menu = চাপার মতো { -any } বোতাম নেই; আগে এমন { -any } কমান্ড পাঠান যাতে বোতাম আসে।
