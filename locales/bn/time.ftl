## সময়, সময়কাল আর সংখ্যা। কোড অংশগুলো দেয়, এই বার্তাগুলো সেগুলো বলে।
## খবরের দিন ভোর ৪টায় শুরু: রাত ১টার ঘটনা আগের দিনের রাত («২৯ নভেম্বর দিবাগত রাত ১টা»)।

# দুপুর সাড়ে ১২টা · গতকাল রাত ৯টা · গত বৃহস্পতিবার বিকেল ৩টা
time = { $today ->
        [yes] { $late ->
            [yes] { -night-of }
           *[no] {""}
        }{ $clock }
       *[no] { $day } { $late ->
            [yes] { -night-of }
           *[no] {""}
        }{ $clock }
    }
time-day = { $when ->
        [yesterday] গতকাল
        [tomorrow] আগামীকাল
        [weekday] { $prefix ->
            [no] {""}
           *[yes] { $ahead ->
                [yes] {"আগামী "}
               *[no] {"গত "}
            }
        }{ $weekday ->
            [mon] সোমবার
            [tue] মঙ্গলবার
            [wed] বুধবার
            [thu] বৃহস্পতিবার
            [fri] শুক্রবার
            [sat] শনিবার
           *[sun] { -sunday }
        }
        [date] { $day } { $month ->
            [1] জানুয়ারি
            [2] ফেব্রুয়ারি
            [3] মার্চ
            [4] এপ্রিল
            [5] মে
            [6] জুন
            [7] জুলাই
            [8] { -august }
            [9] সেপ্টেম্বর
            [10] অক্টোবর
            [11] নভেম্বর
           *[12] ডিসেম্বর
        }
        [year] { $day } { $month ->
            [1] জানুয়ারি
            [2] ফেব্রুয়ারি
            [3] মার্চ
            [4] এপ্রিল
            [5] মে
            [6] জুন
            [7] জুলাই
            [8] { -august }
            [9] সেপ্টেম্বর
            [10] অক্টোবর
            [11] নভেম্বর
           *[12] ডিসেম্বর
        } { NUMBER($year, useGrouping: "false") }
       *[today] আজ
    }
# সংবাদপত্রের ঘড়ি: ১২টা, সোয়া ১২টা, সাড়ে ১২টা, পৌনে ১টা; দেড়টা আর আড়াইটা নিজস্ব শব্দ।
# ঘণ্টার পরের «টা» প্রতিটি বাংলার নিজের (`time-oclock`, নিচে): কলকাতার কাগজে «৩টে», «২টো»।
# $in_minutes: কোনো সময়সীমার দুই প্রান্তের একটি পৌনে/সোয়া/সাড়েতে না পড়লে দুটোই মিনিটে।
# $period_said: no যখন সময়সীমার শুরুতেই দিনের ভাগটি বলা হয়েছে («সন্ধ্যা ৬টা থেকে ৬টা ৫ মিনিট»)।
# Variables: $ampm_at_end (ইংরেজিতে am/pm একবার বলার জন্য) are passed too.
time-clock = { $period_said ->
        [no] {""}
       *[yes] { $period ->
            [dawn] ভোর
            [morning] সকাল
            [noon] দুপুর
            [afternoon] বিকেল
            [evening] সন্ধ্যা
           *[night] রাত
        }{" "}
    }{ $in_minutes ->
        [yes] { $minute ->
            [0] { $hour12 }{ time-oclock }
           *[other] { $hour12 }{ time-oclock } { $minute } মিনিট
        }
       *[no] { $minute ->
            [0] { $hour12 }{ time-oclock }
            [15] সোয়া { $hour12 }{ time-oclock }
            [30] { $hour12 ->
                [1] দেড়টা
                [2] { -half-past-two }
               *[other] সাড়ে { $hour12 }{ time-oclock }
            }
            [45] পৌনে { $next_hour12 }{ time-oclock-next }
           *[other] { $hour12 }{ time-oclock } { $minute } মিনিট
        }
    }

## সঠিক সময়কাল, বন্ধনীর ভেতরের বিবরণের জন্য: (১ ঘণ্টা ৫২ মিনিট)।

duration-seconds = { $count } সেকেন্ড
duration-minutes = { $count } মিনিট
duration-hours = { $count } ঘণ্টা
duration-days = { $count } দিন
duration-pair = { $first } { $second }

## শিরোনামের সময়কাল, সম্পাদক যেভাবে গোল করেন: প্রায় সাড়ে সাত ঘণ্টা পর। «প্রায়»
## কেবল গোল করা হলে; এক থেকে নয় কথায়, ১০ থেকে অঙ্কে।

duration-within-a-minute = এক মিনিটেরও কম
duration-headline = { $about ->
        [yes] { $over ->
            [yes] {""}
           *[no] {"প্রায় "}
        }
       *[no] {""}
    }{ $fraction ->
        [quarter] সোয়া { $whole_words }{ $whole ->
            [2] { -two-gap }
           *[other] {" "}
        }
        [half] { $whole ->
            [0] { -half }
            [1] দেড়
            [2] আড়াই
           *[other] সাড়ে { $whole_words }
        }{" "}
        [three-quarters] পৌনে { $next_words }{ $whole ->
            [1] { -two-gap }
           *[other] {" "}
        }
       *[none] { $whole_words }{ $whole ->
            [2] { -two-gap }
           *[other] {" "}
        }
    }{ $unit ->
        [minutes] মিনিট
        [days] { $over ->
            [yes] দিনেরও বেশি সময়
           *[no] দিন
        }
       *[hours] ঘণ্টা
    }
number-words = { $count ->
        [1] এক
        [2] { -two }
        [3] তিন
        [4] চার
        [5] পাঁচ
        [6] ছয়
        [7] সাত
        [8] আট
        [9] নয়
       *[other] { $count }
    }

## খবরের ভাষায় বড় সংখ্যা: প্রায় ১১ হাজার।

count-exact = { $count }টি
count-compact = { $about ->
        [yes] {"প্রায় "}
       *[no] {""}
    }{ $tenth ->
        [0] { $whole }
        [5] { $whole ->
            [1] দেড়
            [2] আড়াই
           *[other] সাড়ে { $whole }
        }
       *[other] { $unit ->
            [crore] { $whole }
            [lakh] { $whole }
           *[other] { $whole }.{ $tenth }
        }
    } { $unit ->
        [thousand] হাজার
        [lakh] { -lakh }
        [crore] কোটি
        [million] মিলিয়ন
       *[billion] বিলিয়ন
    }{ $tenth ->
        [0] {""}
        [5] {""}
       *[other] { $unit ->
            [crore] {" "}{ $sub } { -lakh }
            [lakh] {" "}{ $sub } হাজার
           *[other] {""}
        }
    }

# ঘণ্টার পরের শব্দ, time-clock-এর $hour12 বা পৌনের $next_hour12 নিয়ে: «৩টা»। প্রতিটি
# বাংলা নিজের terms.ftl-এ এটি বদলাতে পারে (কলকাতার «৩টে», «২টো»)।
time-oclock = { $hour12 ->
       *[other] টা
    }
time-oclock-next = { $next_hour12 ->
       *[other] টা
    }
