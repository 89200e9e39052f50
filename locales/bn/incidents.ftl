## গ্রাহকেরা যে খবর পান: শিরোনাম, এক লাইনের বিবরণ, তারপর অ্যাডমিনের লেখা।

notice-opened = { $severity ->
        [degraded] { -down-headline.form ->
            [name-last] 🟠 { $service } { -service-loc } { -disruption }
           *[other] 🟠 { $service_gen } { -service-loc } { -disruption }
        }
       *[major] { -down-headline.form ->
            [service-stalled] 🔴 { -stalled } { $service_gen } { -service }
            [service-first] 🔴 { $service_gen } { -service } বন্ধ
           *[name-last] 🔴 বন্ধ হয়ে { -gone } { $service }
        }
    }
notice-opened-detail = { $severity ->
        [degraded] { $since } থেকে { $service } ধীরে চলছে, মাঝে মাঝে কাজ করছে না।
       *[major] { -down-headline.form ->
            [service-stalled] { $since } থেকে { -service } বন্ধ।
           *[other] { $since } থেকে { $service } { -stalled }।
        }
    } { $phase ->
        [identified] কারণ জানা { -gone }, ঠিক করার কাজ চলছে; ঠিক হলেই আপনাকে জানানো হবে।
        [monitoring] ঠিক করার ব্যবস্থা নেওয়া হয়েছে, আমরা নজর রাখছি; পুরোপুরি ঠিক হলেই আপনাকে জানানো হবে।
       *[other] কারণ খতিয়ে দেখা হচ্ছে; নতুন খবর পেলেই আপনাকে জানানো হবে।
    }
notice-severity-changed = { $severity ->
        [degraded] { -down-headline.form ->
            [service-stalled] 🟠 আংশিক চালু { -became } { $service_gen } { -service }
           *[other] 🟠 আংশিক চালু { -became } { $service }
        }
       *[major] { -down-headline.form ->
            [service-stalled] 🔴 { $again ->
                [yes] { -again }
               *[no] পুরোপুরি
            } { -stalled } { $service_gen } { -service }
            [service-first] 🔴 { $service_gen } { -service } { $again ->
                [yes] { -again } পুরোপুরি
               *[no] পুরোপুরি
            } বন্ধ
           *[name-last] 🔴 { $again ->
                [yes] { -again } পুরোপুরি
               *[no] পুরোপুরি
            } বন্ধ হয়ে গেল { $service }
        }
    }
notice-severity-changed-detail = { $severity ->
        [degraded] কেউ কেউ { -again } { $service } ব্যবহার করতে পারছেন, তবে { -service } { -still } ধীর, মাঝে মাঝে কাজ করছে না।
       *[major] { $down_again ->
            [yes] { $since } থেকে { -service } বন্ধ ছিল, মাঝে আংশিক চালু হয়েছিল; এখন { -again } পুরোপুরি বন্ধ।
           *[no] { $swung ->
                [yes] { $since } থেকে { -service } { -at-times } পুরোপুরি বন্ধ, { -at-times } আংশিক চালু; এখন { -again } পুরোপুরি বন্ধ।
               *[no] { $since } থেকে { $service_loc } { -disruption } { -disruption-went }; এখন { -service } পুরোপুরি বন্ধ।
            }
        }
    }
notice-updated = { $phase ->
        [identified] 🛠 { $service }: সমস্যার কারণ জানা { -gone }, ঠিক করার কাজ চলছে
        [monitoring] 👀 { $service }: সমাধানের ব্যবস্থা নেওয়া হয়েছে
       *[investigating] 🔎 { $service }: কারণ { -still } খতিয়ে দেখা হচ্ছে
    }
# $worsened: শুরু হয়েছিল বিভ্রাট হিসেবে, পরে পুরোপুরি বন্ধ ($down_since থেকে); $eased: শুরুতে পুরোপুরি বন্ধ, পরে আংশিক চালু ($eased_since থেকে)।
notice-updated-detail = { $phase ->
        [monitoring] { $since } থেকে { $swung ->
            [yes] { -at-times } বন্ধ, { -at-times } আংশিক চালু থাকার পর
           *[no] { $severity ->
                [degraded] { $eased ->
                    [yes] বন্ধ থাকার পর
                   *[no] { -disruption } { -disruption-going } পর
                }
               *[major] বন্ধ থাকার পর
            }
        } { $service_gen } { -service } স্বাভাবিক হয়ে আসছে। পুরোপুরি ঠিক না হওয়া পর্যন্ত আমরা নজর রাখছি।
       *[other] { $swung ->
            [yes] { $since } থেকে { -service } { -at-times } পুরোপুরি বন্ধ, { -at-times } আংশিক চালু; { $swung_since } থেকে { $severity ->
                [degraded] আংশিক চালু রয়েছে।
               *[major] { -again } পুরোপুরি বন্ধ রয়েছে।
            }
           *[no] { $severity ->
                [degraded] { $eased ->
                    [yes] { $since } থেকে { -service } পুরোপুরি বন্ধ ছিল, { $eased_since } থেকে আংশিক চালু রয়েছে।
                   *[no] { $since } থেকে { -service-loc } { -disruption } { -disruption-goes }{ $short ->
                        [yes] {""}
                       *[no] { -down-headline.elapsed ->
                            [bracket] {" "}({ $elapsed } ধরে)
                           *[said] , { $elapsed } হয়ে গেল
                        }
                    }।
                }
               *[major] { $worsened ->
                    [yes] { $since } থেকে { -disruption } { -disruption-went }, { $down_since } থেকে { -service } পুরোপুরি বন্ধ রয়েছে।
                   *[no] { $since } থেকে { -service } বন্ধ রয়েছে{ $short ->
                        [yes] {""}
                       *[no] { -down-headline.elapsed ->
                            [bracket] {" "}({ $elapsed } ধরে)
                           *[said] , { $elapsed } হয়ে গেল
                        }
                    }।
                }
            }
        }
    }
notice-resolved = { $short ->
        [yes] ✅ এক মিনিটের মধ্যেই { $severity ->
            [degraded] স্বাভাবিক
           *[major] { -again } চালু
        } { -became } { -down-headline.form ->
            [name-last] { $service }
           *[other] { $service_gen } { -service }
        }
       *[no] ✅ { $rounded } পর { $severity ->
            [degraded] স্বাভাবিক
           *[major] { -again } চালু
        } { -became } { -down-headline.form ->
            [name-last] { $service }
           *[other] { $service_gen } { -service }
        }
    }
# $mixed: বিভ্রাট ও পুরোপুরি বন্ধ, দুটোই ছিল (যে ক্রমেই হোক); $down_for: তার মধ্যে মোট
# কতক্ষণ পুরোপুরি বন্ধ ($down_counted: তা জানা আছে কি না; পুরোনো রেকর্ডে থাকে না)।
notice-resolved-detail = { $since } থেকে { $end } পর্যন্ত { $mixed ->
        [yes] { $service_gen } { -service-loc } { -disruption } { -disruption-was } ({ $duration }); এর মধ্যে { $down_counted ->
            [yes] { $down_for } { -service } পুরোপুরি বন্ধ ছিল।
           *[no] কিছু সময় { -service } পুরোপুরি বন্ধও ছিল।
        }
       *[no] { $service_gen } { $severity ->
            [degraded] { -service-loc } { -disruption } { -disruption-was }
           *[major] { -service } বন্ধ ছিল
        } ({ $duration })।
    }
# যাঁরা বন্ধ হওয়ার খবর পাননি, তাঁরা পুরো ঘটনাটা একসঙ্গে পান।
notice-resolved-unheard = { $short ->
        [yes] ✅ এক মিনিটেরও কম { $severity ->
            [degraded] সময়ের { -disruption-gen } পর স্বাভাবিক
           *[major] সময় বন্ধ থাকার পর { -again } চালু
        } { -became } { -down-headline.form ->
            [name-last] { $service }
           *[other] { $service_gen } { -service }
        }
       *[no] ✅ { $rounded } { $severity ->
            [degraded] { -disruption-gen } পর স্বাভাবিক
           *[major] { -stalled } থাকার পর { -again } চালু
        } { -became } { -down-headline.form ->
            [name-last] { $service }
           *[other] { $service_gen } { -service }
        }
    }
# অ্যাডমিনের লেখা পাঠকের ভাষায় না থাকলে কোন ভাষায় আছে, তা বলে দেওয়া।
quoted-text = { $lang ->
        [en] (ইংরেজিতে) { $text }
       *[other] { $text }
    }

## সম্প্রচারের অগ্রগতি, অ্যাডমিনের জন্য।

# $reporters: যাঁরা বন্ধ থাকার অভিযোগ জানিয়েছিলেন (সাবস্ক্রাইব না করেও), চালু হওয়ার খবর তাঁরাও পান।
posted = 📣 ঘোষণা করা হয়েছে। { $count ->
        [0] { $reporters ->
            [0] { $service_gen } খবর পেতে { -still } কেউ সাবস্ক্রাইব করেননি, তাই কাউকে পাঠানো হয়নি।
           *[other] { $service_gen } খবর পেতে কেউ সাবস্ক্রাইব করেননি; যে { $reporters } জন অভিযোগ জানিয়েছিলেন, শুধু তাঁদের জানানো হচ্ছে…
        }
       *[other] { $service_gen } খবর পেতে সাবস্ক্রাইব করা { $count_text } চ্যাটে পাঠানো হচ্ছে…{ $reporters ->
            [0] {""}
            [one] {" "}অভিযোগ জানিয়েছিলেন এমন একজনের কাছেও খবরটি যাচ্ছে।
           *[other] {" "}অভিযোগ জানিয়েছিলেন এমন { $reporters } জনের কাছেও খবরটি যাচ্ছে।
        }
    }
progress = 📤 { $service }: { $delivered ->
        [0] { $total ->
            [one] চ্যাটটিতে { -still } পাঠানো হয়নি
           *[other] { $total }টি চ্যাটের একটিতেও { -still } পাঠানো হয়নি
        }
       *[other] { $total ->
            [one] চ্যাটটিতে পাঠানো হয়েছে
           *[other] { $all ->
                [yes] { $total }টি চ্যাটেই পাঠানো হয়েছে
               *[no] { $total }টি চ্যাটের মধ্যে { $delivered }টিতে পাঠানো হয়েছে
            }
        }
    }{ $extras }
progress-done = { $delivered ->
        [0] ℹ️ { $service }: খবরটি { -any } চ্যাটে পাঠানো হয়নি{ $extras }
       *[other] ✅ { $service }: { $total ->
            [one] চ্যাটটিতে পৌঁছেছে
           *[other] { $all ->
                [yes] { $total }টি চ্যাটেই পৌঁছেছে
               *[no] { $total }টি চ্যাটের মধ্যে { $delivered }টিতে পৌঁছেছে
            }
        }{ $extras }
    }
# নতুন খবর এসে যাওয়ায় থেমে যাওয়া সম্প্রচার: বাকিরা পরের খবরটি পুরো ঘটনাসহ পান।
progress-cut-short = ⏭ { $service }: { $delivered ->
        [0] নতুন খবর এসে যাওয়ায় এটি আর পাঠানো হয়নি; { $rest ->
            [one] চ্যাটটি
           *[other] { $rest }টি চ্যাটই
        }
       *[other] { $delivered }টি চ্যাটে পৌঁছেছে; বাকি { $rest }টি
    } সরাসরি পরের খবরটি (পুরো ঘটনাসহ) পাবে।
# কেবল যা ঘটেছে: শূন্য হলে কিছুই লেখা হয় না।
progress-extras = { $blocked ->
        [0] {""}
       *[other] {" "}· { $blocked }টি চ্যাটে বটকে ব্লক করা হয়েছে
    }{ $failed ->
        [0] {""}
       *[other] {" "}· { $failed }টিতে পাঠানো যায়নি
    }{ $skipped ->
        [0] {""}
       *[other] {" "}· { $skipped }টি চ্যাট শুধু পুরোপুরি বন্ধের খবর চায়, তাই সেখানে পাঠানো হয়নি
    }
progress-telegram-failing = ⏳ { $service }: { $delivered ->
        [0] { $total ->
            [one] চ্যাটটিতে { -still } পাঠানো হয়নি
           *[other] { $total }টি চ্যাটের একটিতেও { -still } পাঠানো হয়নি
        }
       *[other] { $total }টি চ্যাটের মধ্যে { $delivered }টিতে পাঠানো হয়েছে
    } · টেলিগ্রাম সাড়া দিচ্ছে না — আবার চেষ্টা চলছে
notice-refused = ⚠️ টেলিগ্রাম একটি চ্যাটে { $service_gen } খবরটি পাঠাতে দেয়নি: “{ $reason }”। ওই চ্যাটে খবরটি যায়নি; বাকিদের কাছে পাঠানো চলছে।

## অবস্থা ও ইতিহাস।

# $eased: পুরোপুরি বন্ধ থেকে আংশিক চালু হলে ($eased_since: কখন)।
status-open = { $swung ->
        [yes] { $severity ->
            [degraded] 🟠 { $service }: { $since } থেকে { -at-times } পুরোপুরি বন্ধ, { -at-times } আংশিক চালু; { $swung_since } থেকে আংশিক চালু
           *[major] 🔴 { $service }: { $since } থেকে { -at-times } পুরোপুরি বন্ধ, { -at-times } আংশিক চালু; { $swung_since } থেকে { -again } পুরোপুরি বন্ধ
        }
       *[no] { $severity ->
            [degraded] { $eased ->
                [yes] 🟠 { $service }: { $since } থেকে পুরোপুরি বন্ধ ছিল, { $eased_since } থেকে আংশিক চালু
               *[no] 🟠 { $service }: { $since } থেকে { -disruption } { -disruption-goes } ({ $short ->
                    [yes] এইমাত্র শুরু
                   *[no] { $elapsed } ধরে
                })
            }
           *[major] { $worsened ->
                [yes] 🔴 { $service }: { $since } থেকে { -disruption }, { $down_since } থেকে পুরোপুরি বন্ধ
               *[no] 🔴 { $service }: { $since } থেকে বন্ধ ({ $short ->
                    [yes] এইমাত্র শুরু
                   *[no] { $elapsed } ধরে
                })
            }
        }
    }
    { $phase ->
        [identified] সমস্যার কারণ জানা { -gone }, ঠিক করার কাজ চলছে।
        [monitoring] সমাধানের ব্যবস্থা নেওয়া হয়েছে, আমরা নজর রাখছি।
       *[investigating] কারণ খতিয়ে দেখা হচ্ছে।
    }
status-latest = সর্বশেষ বার্তা ({ $at }): { $text }
status-operational = 🟢 { $service } স্বাভাবিকভাবে চলছে।
status-all-operational = 🟢 { $count }টি { -service }ই স্বাভাবিকভাবে চলছে।
status-set-aside = ⚠️ { $count }টি বার্তার রেকর্ড পড়া যায়নি, তাই সেগুলো আলাদা করে রাখা হয়েছে; বাকি সব বার্তা পাঠানো হয়েছে। কারণ লগে লেখা আছে।
# /status-এর সারাংশ: যা আছে কেবল তা-ই, « · » দিয়ে জোড়া; $leads: সারির প্রথম অংশ কি না।
status-summary-down = 🔴 { $count }টি { -service } বন্ধ
status-summary-degraded = 🟠 { $leads ->
        [yes] { $count }টি { -service }
       *[no] { $count }টি
    } ব্যাহত
status-summary-maintenance = 🔧 { $leads ->
        [yes] { $count }টি { -service-loc } রক্ষণাবেক্ষণ চলছে
       *[no] { $count }টিতে রক্ষণাবেক্ষণ
    }
status-summary-operational = 🟢 বাকি { $count }টি স্বাভাবিক
# Variables: $start ও $end (নির্ধারিত হলে), $until (শেষের সময়) দেওয়া হয়।
status-maintenance = { $state ->
        [running] 🔧 { $service }: রক্ষণাবেক্ষণ চলছে, { $until } পর্যন্ত
       *[planned] 🔧 { $service }: রক্ষণাবেক্ষণ নির্ধারিত, { $start } থেকে { $end } পর্যন্ত
    }
source-admin = অ্যাডমিন (আইডি: { $user }) ঘোষণা করেছেন।
source-api = HTTP API দিয়ে ঘোষণা করা হয়েছে।
source-alertmanager = Prometheus Alertmanager-এর সতর্কবার্তা থেকে স্বয়ংক্রিয়ভাবে ঘোষিত।
source-monitor = মনিটর (Uptime Kuma বা Gatus) থেকে স্বয়ংক্রিয়ভাবে ঘোষিত।
source-crowd = গ্রাহকদের অভিযোগ দেখে অ্যাডমিন (আইডি: { $user }) ঘোষণা করেছেন।
source-probe = বটের নিজস্ব স্বয়ংক্রিয় পরীক্ষায় (প্রোব) ধরা পড়েছে।
history-maintenance-heading = 🔧 রক্ষণাবেক্ষণ:
# Variables: $until (চলমান হলে শেষের সময়), $lasting (কতক্ষণ) দেওয়া হয়।
history-maintenance = • { $service }: { $state ->
        [running] চলছে, { $until } পর্যন্ত
        [planned] নির্ধারিত, { $start } থেকে { $end } পর্যন্ত
        [ended_early] { $start } থেকে { $end } পর্যন্ত, সময়ের আগেই শেষ ({ $lasting })
       *[completed] { $start } থেকে { $end } পর্যন্ত ({ $lasting })
    }
history-heading = 🗂 সাম্প্রতিক { -incident } ({ $count }টি):
history-resolved = { $short ->
        [yes] • { $severity ->
            [degraded] { $service_gen } { -service-loc } এক মিনিটেরও কম সময় { -disruption } { -disruption-was }
           *[major] { $service } এক মিনিটেরও কম সময় বন্ধ ছিল
        } ({ $start })
       *[no] • { $course ->
            [worsened] { $service_loc } প্রথমে { -disruption }, পরে { -service } পুরোপুরি বন্ধ ছিল
            [eased] { $service } প্রথমে পুরোপুরি বন্ধ ছিল, পরে আংশিক চালু হয়েছিল
            [mixed] { $service_gen } { -service-loc } { -disruption } { -disruption-was }, এর মধ্যে কিছু সময় { -service } পুরোপুরি বন্ধ ছিল
           *[steady] { $severity ->
                [degraded] { $service_gen } { -service-loc } { -disruption } { -disruption-was }
               *[major] { $service } বন্ধ ছিল
            }
        }: { $start } থেকে { $end } পর্যন্ত ({ $duration })
    }
# $worsened: বিভ্রাট থেকে পুরোপুরি বন্ধ হলে ($down_since: কখন), দুটোই নিজের সময়ে।
history-ongoing = • { $service }: { $start } থেকে { $swung ->
        [yes] { -at-times } পুরোপুরি বন্ধ, { -at-times } আংশিক চালু; { $swung_since } থেকে { $severity ->
            [degraded] আংশিক চালু
           *[major] { -again } পুরোপুরি বন্ধ, { -still } চালু হয়নি
        }
       *[no] { $worsened ->
            [yes] { -disruption }, { $down_since } থেকে পুরোপুরি বন্ধ; { -still } চালু হয়নি
           *[no] { $eased ->
                [yes] পুরোপুরি বন্ধ ছিল, { $eased_since } থেকে আংশিক চালু
               *[no] { $severity ->
                    [degraded] { -disruption } { -disruption-goes }
                   *[major] বন্ধ
                } ({ $short ->
                    [yes] এইমাত্র শুরু
                   *[no] { $duration } ধরে
                }){ $severity ->
                    [degraded] {""}
                   *[major] , { -still } চালু হয়নি
                }
            }
        }
    }
history-none = আমাদের খাতায় { -still } { -any } { -incident-gen } খবর নেই।
history-none-service = { $service_gen } { -any } { -incident-gen } খবর { -still } আমাদের খাতায় নেই।
history-earlier = • এর আগে, { $since } থেকে: { $service_loc } { $count }টি { -incident } ঘটেছিল, সব মিলিয়ে { $duration }।

## গ্রাহকদের অভিযোগ।

# $severity: এখনকার অবস্থা; $down_since: বিভ্রাট থেকে পুরোপুরি বন্ধ হলে, কখন।
report-known = { $severity ->
        [degraded] { $service_loc } যে { $since } থেকে { -disruption } { -disruption-goes }
       *[major] { $service } যে { $down_since } থেকে বন্ধ
    }, তা আমরা জানি।{ $others ->
        [0] {""}
        [one] {" "}গত { $minutes } মিনিটে আরও একজন একই অভিযোগ জানিয়েছেন।
       *[other] {" "}গত { $minutes } মিনিটে আরও { $others } জন একই অভিযোগ জানিয়েছেন।
    } { $severity ->
        [degraded] স্বাভাবিক
       *[major] { -again } চালু
    } { $subscribed ->
        [yes] হলেই আপনাকে জানানো হবে।
       *[no] হলে আপনাকেও জানানো হবে; মাঝের সব { -updates } পেতে নিচের 🔔 বোতাম চাপুন।
    }
report-maintenance = 🔧 পূর্বনির্ধারিত রক্ষণাবেক্ষণের জন্য { $until } পর্যন্ত { $service_gen } { -service } বন্ধ থাকার কথা; এটি { -any } ত্রুটি নয়। { $subscribed ->
        [yes] রক্ষণাবেক্ষণ শেষ হলেই আপনাকে জানানো হবে।
       *[no] শেষ হলে জানতে নিচের 🔔 বোতাম চাপুন।
    }
report-already = গত { $window } মিনিটের মধ্যেই আপনি { $service } নিয়ে অভিযোগ জানিয়েছেন; একজনের অভিযোগ একবারই গোনা হয়।
report-crowd = { $others ->
        [0] 🙏 ধন্যবাদ। গত { $minutes } মিনিটে { $service } নিয়ে আর কেউ অভিযোগ জানাননি, তাই সমস্যাটা আপনার ফোন বা ইন্টারনেট সংযোগেও হতে পারে: মোবাইল ডেটা বা ওয়াই-ফাই চালু আছে কি না, অন্য অ্যাপ চলছে কি না দেখে নিন। আরও অনেকে জানালে অ্যাডমিনরা খতিয়ে দেখবেন।
       *[other] 🙏 ধন্যবাদ। গত { $minutes } মিনিটে { $service } নিয়ে { $others ->
            [one] আরও একজন
           *[other] আরও { $others } জন
        } একই সমস্যার কথা জানিয়েছেন{ $spread ->
            [everywhere] {" "}— তাঁদের মধ্যে সব অপারেটরের গ্রাহকই আছেন
            [wide] {" "}— নানা জায়গা থেকে
           *[unsaid] {""}
        }।{ $verdict ->
            [service] {" "}সমস্যাটা সম্ভবত { $service_gen }, আপনার ফোনের নয়।
            [network] {" "}বেশির ভাগ অভিযোগ এসেছে { $network } গ্রাহকদের কাছ থেকে; তাই সমস্যাটা নেটওয়ার্কেরও হতে পারে।
           *[unsure] {""}
        }
    }
report-where = কোন নেটওয়ার্ক ব্যবহার করছেন, কোথায় আছেন — চাইলে নিচে বেছে নিন। তাতে বোঝা যাবে, সমস্যাটা নেটওয়ার্কের কি না।
report-place-said = লিখে রাখা { -became }: { $network }, { $area }।
report-place-expired = এই অভিযোগের সময় পেরিয়ে { -gone }। { $service } { -still } না চললে আবার /report { $id } লিখুন।
report-place-gone = এই বিকল্পটি আর নেই। এখনকার তালিকা দেখতে আবার /report লিখুন।
report-subscribe-button = 🔔 সব { -updates } পাঠান
share-button = 📤 অন্যদের জানান
share-invite = { $service } কি আপনারও চলছে না? কখন ঠিক হবে, এই বট জানিয়ে দেবে:
report-alert =
    🚨 গত { $minutes } মিনিটে { $count } জন জানিয়েছেন, { $service } কাজ করছে না{ $usual ->
        [nobody] ; এই সময়ে সাধারণত কেউ জানান না
        [some] ; এই সময়ে সাধারণত { $usual_count } জনের মতো জানান
       *[none] {""}
    }।
    নেটওয়ার্ক: { $networks }
    এলাকা: { $areas }
    গত { -two }{ -two-gap }ঘণ্টা: { $sparkline }
    সত্যিই বন্ধ হয়ে থাকলে নিচের বোতাম চাপুন, অথবা /down { $id } লিখে একই বার্তায় যা জানা { -gone }, তা জুড়ে দিন।
report-split-item = { $place } ({ $count } জন)
report-split-none = কেউ উল্লেখ করেননি
report-network-alert = 🚨 গত { $minutes } মিনিটে { $network } গ্রাহকেরা একসঙ্গে কয়েকটি { -service } নিয়ে অভিযোগ জানাচ্ছেন: { $services }। সমস্যাটা সম্ভবত { $network } নেটওয়ার্কের।{ $declarable ->
        [yes] {" "}তা-ই হলে নিচের বোতামে { $network } বন্ধ বলে ঘোষণা করুন।
       *[no] {""}
    }
report-declare-button = 🔴 বন্ধ বলে ঘোষণা করুন
report-dismiss-button = ঘোষণার দরকার নেই
report-declared = 🔴 ঘোষণা করা হয়েছে: { $service } বন্ধ। { $count ->
        [0] { $service_gen } খবর পেতে { -still } কেউ সাবস্ক্রাইব করেননি, তাই কাউকে পাঠানো হয়নি।
       *[other] সাবস্ক্রাইব করা { $count }টি চ্যাটে পাঠানো হচ্ছে…
    }
report-dismissed = 👌 ঠিক আছে, { $service } নিয়ে কিছু ঘোষণা করা হয়নি।

## বটের নিজস্ব স্বয়ংক্রিয় পরীক্ষা (প্রোব)।

probe-muted = 🔕 { $probed ->
        [no] { $service_gen } জন্য { -any } স্বয়ংক্রিয় পরীক্ষা (প্রোব) চালু করা নেই।
       *[yes] { $changed ->
            [yes] { $service_gen } স্বয়ংক্রিয় পরীক্ষা (প্রোব) আপাতত থামিয়ে রাখা { -became }: /unmute না লেখা পর্যন্ত এটি নিজে থেকে { -any } { -incident } ঘোষণা বা শেষ করবে না।
           *[no] { $service_gen } স্বয়ংক্রিয় পরীক্ষা আগে থেকেই থামিয়ে রাখা আছে।
        }
    }
probe-unmuted = 🔔 { $probed ->
        [no] { $service_gen } জন্য { -any } স্বয়ংক্রিয় পরীক্ষা (প্রোব) চালু করা নেই।
       *[yes] { $changed ->
            [yes] { $service_gen } স্বয়ংক্রিয় পরীক্ষা (প্রোব) আবার খবর দেবে।
           *[no] { $service_gen } স্বয়ংক্রিয় পরীক্ষা থামিয়ে রাখা ছিল না।
        }
    }
probe-flapping =
    ⚠️ { $service } বারবার বন্ধ হচ্ছে আর আবার চালু হচ্ছে ({ $minutes } মিনিটে { $count } বার)।
    গ্রাহকদের প্রতিবার জানানো হচ্ছে না। সত্যিই { -incident } হলে নিজে ঘোষণা করুন: /down { $id } — অথবা স্বয়ংক্রিয় পরীক্ষা (প্রোব) থামিয়ে রাখুন: /mute { $id }
automatic-rate-limited =
    ⚠️ { $service }: { $minutes } মিনিটে স্বয়ংক্রিয় নজরদারি থেকে { $limit }টির বেশি পরিবর্তনের খবর এসেছে, তাই আপাতত বাকিগুলো আটকে রাখা হচ্ছে; গ্রাহকদের প্রতিবার জানানো হবে না।
    কী ঘটছে দেখতে /status { $id } লিখুন; সত্যিই { -incident } হলে নিজে ঘোষণা করুন: /down { $id }

## বট চালানো।

admin-backup-failed =
    ⚠️ বট { $dir } ফোল্ডারে ব্যাকআপ লিখতে পারেনি। বট চলছে, কিন্তু গ্রাহকদের তালিকার { -any } বাড়তি কপি রাখা হচ্ছে না। ফোল্ডারটি আছে কি না, তাতে লেখা যায় কি না আর জায়গা খালি আছে কি না দেখুন; কী ভুল হয়েছে, তা লগে লেখা আছে।
admin-backup-spared = ⚠️ বটের ডেটাবেসে এখন { -old } একটি ব্যাকআপের চেয়ে কম তথ্য আছে, তাই সেই ব্যাকআপটি ({ $file }) মুছে ফেলা হয়নি: নির্ধারিত সংখ্যার বেশি হলেও রেখে দেওয়া { -became }। তথ্য হারিয়ে থাকলে বট থামিয়ে `outage-bot import` দিয়ে এটি ফিরিয়ে আনুন।
backup-sent =
    💾 ব্যাকআপ: { $time }, { $kilobytes } কিলোবাইট। সার্ভারেও { $dir } ফোল্ডারে একটি কপি রাখা আছে।
    ফিরিয়ে আনতে সার্ভারে লিখুন: outage-bot import ফাইল --data-dir নতুন_ফোল্ডার
backup-too-big = 💾 ব্যাকআপটি ({ $kilobytes } কিলোবাইট) সার্ভারে { $dir } ফোল্ডারে লেখা হয়েছে, কিন্তু টেলিগ্রাম { -any } বটকে ৫০ মেগাবাইটের চেয়ে বড় ফাইল পাঠাতে দেয় না। সার্ভার থেকে কপি করে নিন।
backup-failed = ⚠️ { $dir } ফোল্ডারে ব্যাকআপ লেখা যায়নি; কেন, তা লগে লেখা আছে। আর কিছু বদলায়নি।
backup-private-only = ব্যাকআপে সব গ্রাহকের তথ্য থাকে, তাই এটি কেবল বটের সঙ্গে ব্যক্তিগত চ্যাটেই পাঠানো হয়। বটকে ব্যক্তিগত চ্যাটে /backup লিখুন।

## টেলিগ্রাম চ্যানেল।

channel-refused = ⚠️ { $channel } চ্যানেলে পোস্ট করতে পারছি না। টেলিগ্রাম বলছে: “{ $reason }”। বটকে চ্যানেলের অ্যাডমিন করে পোস্ট করার অনুমতি দিন; বট নতুন করে চালু হলে আমরা আবার চেষ্টা করব।

## খবর অন্যকে জানানো।

share-text = { $service } কি আপনারও চলছে না? { $linked ->
        [yes] কখন ঠিক হবে, জানতে: { $link }
       *[no] কখন ঠিক হবে, তা জানতে টেলিগ্রামে এই বটটি দেখুন।
    }

report-button = 📣 { $service } চলছে না — জানিয়ে দিন

alternatives-working = বিকল্প হিসেবে { $services } চালু আছে।

crowd-so-far = এ পর্যন্ত { $count } জন সমস্যার কথা জানিয়েছেন{ $where ->
        [yes] , { $areas } বেশি
       *[no] {""}
    }।
