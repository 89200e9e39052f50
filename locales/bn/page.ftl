## সবার জন্য খোলা স্ট্যাটাস পাতা, তার অ্যাটম ফিড আর JSON।

page-title = সব { -service-gen } সর্বশেষ অবস্থা
page-overall = { $condition ->
        [outage] { $count ->
            [one] একটি { -service } এখন বন্ধ
           *[other] { $count }টি { -service } এখন বন্ধ
        }
        [degraded] { $count ->
            [one] একটি { -service-loc } এখন { -disruption } { -disruption-goes }
           *[other] { $count }টি { -service-loc } এখন { -disruption } { -disruption-goes }
        }
        [maintenance] { $count ->
            [one] একটি { -service-loc } রক্ষণাবেক্ষণ চলছে
           *[other] { $count }টি { -service-loc } রক্ষণাবেক্ষণ চলছে
        }
        [unknown] তথ্য নেই
       *[operational] সব { -service } স্বাভাবিকভাবে চলছে
    }
page-state = { $condition ->
        [outage] বন্ধ
        [degraded] ব্যাহত
        [maintenance] রক্ষণাবেক্ষণ
        [unknown] তথ্য নেই
       *[operational] স্বাভাবিক
    }
page-languages = ভাষা
page-open-heading = চলমান { -incident }
page-maintenance-heading = নির্ধারিত রক্ষণাবেক্ষণ
page-services-heading = গত { $days } দিনের দৈনিক হিসাব
page-past-heading = গত { $days } দিনের { -incident }
page-past-none = গত { $days } দিনে { -any } { -incident } ঘটেনি।
page-strip-label = { $service }: গত { $days } দিনের দৈনিক হিসাব, { -old } থেকে নতুন, আজ শেষে
# $today: the day is not over («এ পর্যন্ত», not «ছিল» while an outage may still run).
page-day = { $today ->
        [yes] { $condition ->
            [outage] { $date }: এ পর্যন্ত { $outage } বন্ধ{ $also_degraded ->
                [yes] , { $degraded } ব্যাহত
               *[no] {""}
            }
            [degraded] { $date }: এ পর্যন্ত { $degraded } { -service } ব্যাহত
            [maintenance] { $date }: এ পর্যন্ত { $maintenance } রক্ষণাবেক্ষণ
            [unknown] { $date }: হিসাব রাখা নেই
           *[operational] { $date }: এ পর্যন্ত { -any } সমস্যা হয়নি
        }
       *[no] { $condition ->
            [outage] { $date }: { $outage } বন্ধ ছিল{ $also_degraded ->
                [yes] , { $degraded } ব্যাহত ছিল
               *[no] {""}
            }
            [degraded] { $date }: { $degraded } { -service } ব্যাহত ছিল
            [maintenance] { $date }: { $maintenance } রক্ষণাবেক্ষণ চলেছে
            [unknown] { $date }: হিসাব রাখা নেই
           *[operational] { $date }: { -any } সমস্যা হয়নি
        }
    }
page-uptime = { $partial ->
        [yes] { $since } থেকে
       *[no] গত { $days } দিনে
    } { NUMBER($percent, maximumFractionDigits: 2) }% সময় স্বাভাবিক ছিল
page-uptime-none = কত সময় স্বাভাবিক ছিল, তা বলার মতো যথেষ্ট দিন { -still } পার হয়নি।
page-incident-title = { $severity ->
        [degraded] { $service_gen } { -service-loc } { -disruption }
       *[major] { -down-headline.form ->
            [service-stalled] { -stalled } { $service_gen } { -service }
            [service-first] { $service_gen } { -service } বন্ধ
           *[other] { $service } { -stalled }
        }
    }
page-maintenance-title = { $service_gen } রক্ষণাবেক্ষণ
page-maintenance-span = { $service_gen } রক্ষণাবেক্ষণ: { $start } থেকে { $end } পর্যন্ত
# ফিডে রক্ষণাবেক্ষণের ঘটনাক্রম, নতুনটি আগে: প্রতিটি ধাপের নাম…
page-maintenance-step = { $stage ->
        [scheduled] ঘোষণা
        [reminder] মনে করিয়ে দেওয়া
        [started] শুরু
        [extended] সময় বাড়ানো
        [ended] শেষ
        [ended_early] সময়ের আগেই শেষ
       *[cancelled] বাতিল
    }
# …আর ঘোষণার পরের ধাপে কী বলা হয় (ঘোষণায় থাকে সময় আর অ্যাডমিনের কথা; «শুরু» ধাপে কখন
# চালু হওয়ার কথা, তা বলা হয় কেবল রক্ষণাবেক্ষণ চলার সময়)।
# Variables: $start, $end, $lasting are passed too.
page-maintenance-step-words = { $stage ->
        [started] { $until } পর্যন্ত { $service_gen } { -service } বন্ধ থাকার কথা।
        [extended] রক্ষণাবেক্ষণের সময় বাড়িয়ে { $until } পর্যন্ত করা হয়।
        [cancelled] { $service_gen } { -service } চালু থাকবে।
       *[other] { $service_gen } { -service } { -again } চালু হওয়ার কথা।
    }
page-incident-when = { $ongoing ->
        [yes] { $short ->
            [yes] { $start } থেকে, এইমাত্র শুরু
           *[no] { $start } থেকে, { $duration } ধরে
        }
       *[no] { $short ->
            [yes] { $start }, এক মিনিটেরও কম সময়
           *[no] { $start } থেকে { $end } পর্যন্ত ({ $duration })
        }
    }
page-phase = { $step ->
        [opened] { $severity ->
            [degraded] ব্যাহত
           *[major] বন্ধ
        }
        [severity] { $severity ->
            [degraded] কিছুটা উন্নতি
           *[major] অবনতি
        }
        [identified] কারণ চিহ্নিত
        [monitoring] নজরদারি
        [resolved] সমাধান
       *[investigating] অনুসন্ধান
    }
page-event = { $step ->
        [opened] { $severity ->
            [degraded] { $service } ধীরে চলছে, মাঝে মাঝে কাজ করছে না।
           *[major] { $service } কাজ করছে না।
        }
        [severity] { $severity ->
            [degraded] { $service } { -again } চালু { -became }, তবে পুরোপুরি নয়।
           *[major] { $service } এখন পুরোপুরি বন্ধ।
        }
        [identified] সমস্যার কারণ জানা { -gone }, ঠিক করার কাজ চলছে।
        [monitoring] সমাধানের ব্যবস্থা নেওয়া হয়েছে, আমরা নজর রাখছি।
        [resolved] { $service } { -again } স্বাভাবিক { -became }।
       *[investigating] কারণ খতিয়ে দেখা হচ্ছে।
    }
page-folded = আগের আরও { $count }টি খবর এখানে দেখানো হয়নি।
page-at = { $at }
page-updated = সর্বশেষ পরিবর্তন: { $at }
page-json-link = ডেভেলপারদের জন্য JSON
page-feed-link = অ্যাটম ফিড
page-feed-title = { $name }: { -incident } ও রক্ষণাবেক্ষণ
page-back = ← সব { -service }
page-not-found = এই পাতাটি পাওয়া যায়নি।
