## পূর্বনির্ধারিত রক্ষণাবেক্ষণ: গ্রাহকদের যা জানানো হয়, আর অ্যাডমিনদের /maintenance।

# গ্রাহকদের কাছে রক্ষণাবেক্ষণের খবর। $start, $end: কখন থেকে কখন (শেষের দিন আলাদা হলে
# তবেই দিনের নাম); $until: শুধু শেষের সময়; $lasting: কতক্ষণ।
notice-maintenance = { $event ->
        [scheduled] 🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণ: { $start } থেকে { $end } পর্যন্ত { $service_gen } { -service } বন্ধ থাকবে।
        [reminder] 🔧 মনে করিয়ে দিচ্ছি: রক্ষণাবেক্ষণের জন্য { $start } থেকে { $end } পর্যন্ত { $service_gen } { -service } বন্ধ থাকবে।
        [started] 🔧 { $service_gen } রক্ষণাবেক্ষণ শুরু হয়েছে; { $until } পর্যন্ত { -service } বন্ধ থাকার কথা।
        [extended] 🔧 { $service_gen } রক্ষণাবেক্ষণের সময় বাড়ানো হয়েছে। { $running ->
            [yes] { -service } এখন { $until } পর্যন্ত বন্ধ থাকবে।
           *[no] নতুন সময়: { $start } থেকে { $end } পর্যন্ত; এ সময় { -service } বন্ধ থাকবে।
        }
        [ended] { $outage_open ->
            [yes] 🔧 { $service_gen } রক্ষণাবেক্ষণ শেষ হয়েছে, তবে { -service } { -still } চালু হয়নি; চালু হলেই জানানো হবে।
           *[no] ✅ { $service_gen } রক্ষণাবেক্ষণ শেষ হয়েছে; এখন { -service } { -again } চালু হওয়ার কথা।
        }
        [ended_early] { $outage_open ->
            [yes] 🔧 নির্ধারিত সময়ের আগেই { $service_gen } রক্ষণাবেক্ষণ শেষ হয়েছে, তবে { -service } { -still } চালু হয়নি; চালু হলেই জানানো হবে।
           *[no] ✅ নির্ধারিত সময়ের আগেই { $service_gen } রক্ষণাবেক্ষণ শেষ হয়েছে; এখন { -service } { -again } চালু হওয়ার কথা।
        }
       *[cancelled] 🔧 { $start } থেকে { $service_gen } যে রক্ষণাবেক্ষণ হওয়ার কথা ছিল, তা বাতিল করা { -became }; { -service } চালু থাকবে।
    }
notice-maintenance-detail = মোট সময়: { $lasting }।
# Variables: $service_gen, $service_loc, $end, $until, $lasting are passed too.
maintenance-planned =
    🔧 রক্ষণাবেক্ষণ #{ $id } নির্ধারিত { -became }: { $service }, { $start } থেকে { $end } পর্যন্ত ({ $lasting })।
    { $subscribers ->
        [0] { $service_gen } খবর পেতে { -still } কেউ সাবস্ক্রাইব করেননি; শুরুর আগে যাঁরা করবেন, তাঁরা খবর পাবেন।
       *[other] সাবস্ক্রাইব করা { $subscribers }টি চ্যাটে এখনই খবর পাঠানো হচ্ছে; { $remind ->
            [yes] শুরুর { $before } আগে একবার মনে করিয়ে দেওয়া হবে, শুরু ও শেষ হলেও জানানো হবে।
           *[no] শুরু ও শেষ হলেও জানানো হবে।
        }
    }
# বটের সময় অঞ্চল আর অ্যাডমিনের ঘড়ি আলাদা হলে, নির্ধারণের উত্তরের শেষে।
# Variables: $zone (পাঠকের ঘড়ির শহর, ইংরেজিতে) দেওয়া হয়; বাংলা বলে { -own-clock }।
maintenance-read-clock = 🕰 “{ $typed }” পড়া হয়েছে বটের ঘড়িতে ({ $bot_zone }); উপরের সময়গুলো { -own-clock }।
maintenance-list-heading = 🔧 নির্ধারিত ও চলমান রক্ষণাবেক্ষণ:
maintenance-list-line = #{ $id } { $service }: { $state ->
        [running] চলছে, { $until } পর্যন্ত
       *[planned] { $start } থেকে { $end } পর্যন্ত
    } ({ $lasting }){ $held ->
        [0] {""}
       *[other] {" "}· আটকে রাখা স্বয়ংক্রিয় সতর্কবার্তা { $held }টি
    }
maintenance-list-none =
    { -any } রক্ষণাবেক্ষণ নির্ধারিত নেই। নির্ধারণ করতে লিখুন:
    { $example }
# Variables: $start, $end, $lasting are passed too.
maintenance-cancelled = 🔧 { $service_gen } রক্ষণাবেক্ষণ #{ $id } বাতিল করা { -became }; গ্রাহকদের জানানো হচ্ছে।
# Variables: $start, $end, $lasting are passed too.
maintenance-extended = 🔧 { $service_gen } রক্ষণাবেক্ষণ #{ $id } এখন { $until } পর্যন্ত চলবে (মোট { $lasting }); গ্রাহকদের জানানো হচ্ছে।
# Variables: $start, $end, $until, $lasting are passed too.
maintenance-done = ✅ { $service_gen } রক্ষণাবেক্ষণ #{ $id } শেষ { -became }; { $outage_open ->
        [yes] গ্রাহকদের জানানো হচ্ছে যে রক্ষণাবেক্ষণ শেষ, তবে { -service } { -still } চালু হয়নি।
       *[no] গ্রাহকদের জানানো হচ্ছে যে { -service } এখন { -again } চালু হওয়ার কথা।
    }
maintenance-held =
    🔧 { $service_gen } পূর্বনির্ধারিত রক্ষণাবেক্ষণ (#{ $id }) চলবে { $until } পর্যন্ত, তাই স্বয়ংক্রিয় সতর্কবার্তা পেয়েও { -incident } ঘোষণা করা হয়নি। এই সময়ে আসা বাকি সতর্কবার্তাও আটকে রাখা হবে, আলাদা করে জানানো হবে না।
    সত্যিই { -incident } হলে নিজে ঘোষণা করুন: /down { $service_id }
maintenance-reminder-skipped = 🔧 রক্ষণাবেক্ষণ #{ $id } ({ $service }, { $start }) নিয়ে মনে করিয়ে দেওয়ার সময়টা বট বন্ধ থাকার মধ্যেই পেরিয়ে { -gone }, তাই সেটি পাঠানো হয়নি; শুরু হলে গ্রাহকেরা ঠিকই জানবেন।
usage-maintenance =
    /maintenance { -example-id } আগামীকাল ০২:০০ ৩ঘণ্টা সার্ভারের কাজ চলবে
    (শুরুর সময় ধরা হবে বটের ঘড়িতে, ক্যালেন্ডারের তারিখ ধরে — ২০২৬-১২-০১ আকারে, অথবা আজ, আগামীকাল; রাত ১২টার পরের সময় পরের তারিখে পড়ে — সন্ধ্যায় লিখলে আজ রাত ২টা মানে আগামীকাল ০২:০০। তারপর কতক্ষণ চলবে, ফাঁক না রেখে: ৩০মিনিট, ৩ঘণ্টা, ১ঘণ্টা৩০মিনিট)
    /maintenance — কী নির্ধারিত আছে · /maintenance extend নম্বর ১ঘণ্টা · /maintenance done নম্বর · /maintenance cancel নম্বর
# Variables: $end, $until, $lasting are passed too.
error-maintenance-past =
    শুরুর ওই সময়টা পেরিয়ে { -gone }। সামনের { -any } সময় দিন, যেমন:
    { $example }
error-maintenance-empty = রক্ষণাবেক্ষণ কতক্ষণ চলবে, তা লিখুন: ৩০মিনিট, ৩ঘণ্টা, ১ঘণ্টা৩০মিনিট বা ২দিন।
error-maintenance-too-long = একটি রক্ষণাবেক্ষণ সর্বোচ্চ { $most } চলতে পারে; আরও লম্বা কাজ কয়েক ভাগে নির্ধারণ করুন।
error-maintenance-too-far = রক্ষণাবেক্ষণ সর্বোচ্চ এক বছর আগে থেকে নির্ধারণ করা যায়।
# Variables: $until is passed too.
error-maintenance-overlaps = { $service_gen } রক্ষণাবেক্ষণ #{ $id } আগে থেকেই নির্ধারিত আছে, { $start } থেকে { $end } পর্যন্ত ({ $lasting }); একই { -service-gen } দুটি রক্ষণাবেক্ষণ একই সময়ে পড়তে পারে না। সেটিরই সময় বাড়াতে: /maintenance extend { $id } ১ঘণ্টা
error-maintenance-unknown = #{ $id } নম্বরের { -any } রক্ষণাবেক্ষণ নেই। কী নির্ধারিত আছে দেখুন: /maintenance
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-over = { $service_gen } রক্ষণাবেক্ষণ #{ $id } { $cancelled ->
        [yes] আগেই বাতিল করা হয়েছে।
       *[no] আগেই শেষ হয়ে { -gone }।
    }
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-started = { $service_gen } রক্ষণাবেক্ষণ #{ $id } শুরু হয়ে { -gone }। এখনই শেষ করতে: /maintenance done { $id }
# Variables: $start, $end, $until, $lasting are passed too.
error-maintenance-not-started = { $service_gen } রক্ষণাবেক্ষণ #{ $id } { -still } শুরু হয়নি। বাতিল করতে: /maintenance cancel { $id }
error-maintenance-day = “{ $typed }” থেকে দিন বোঝা যাচ্ছে না: ২০২৬-১২-০১ ধরনের তারিখ, অথবা আজ বা আগামীকাল লিখুন।
error-maintenance-time = “{ $typed }” থেকে সময় বোঝা যাচ্ছে না: ০২:০০ বা ১৪:৩০ লিখুন।
error-maintenance-length = “{ $typed }” থেকে সময়ের দৈর্ঘ্য বোঝা যাচ্ছে না: ৩০মিনিট, ৩ঘণ্টা, ১ঘণ্টা৩০মিনিট বা ২দিন লিখুন।
