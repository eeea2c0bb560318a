// The small fixed rule pack the C ABI fuzz targets scan with (also the pack of the
// bundle seed that fuzz_make_bundle writes).
#pragma once

namespace copydesk_fuzz {

// Terms with clitics and suffixes, a case-exact term, require/unless conditions,
// regex patterns (Hyperscan + RE2) and French accents: every matching path.
const char kPack[] = R"toml(
[pack]
id = "fz"
category = "extremism"
default_severity = "error"

[termsets.org_context]
terms = ["تنظيم", "group", "militants", "groupe"]
arabic_clitics = true

[termsets.cues]
terms = ["قال", "according to", "selon", "said"]

[[rule]]
id = "fz.isis"
title = "ISIS"
message = "Names ISIS ({match})"
[rule.match]
terms = ["داعش", "ISIS", "Daesh", "Daech", "دواعش", "État islamique", "الدولة الإسلامية"]
arabic_clitics = true
suffixes = ["ي", "ية", "يون", "يين"]
[[rule.require]]
when = ["الدولة الإسلامية"]
within = "previous_sentence"
terms = ["تنظيم", "مقاتلي"]
[[rule.example]]
text = "أعلن تنظيم داعش مسؤوليته"
expect = ["داعش"]
[[rule.example]]
text = "a crisis"
expect = []

[[rule]]
id = "fz.qaeda"
title = "al-Qaeda"
message = "Names al-Qaeda ({match}, {term})"
severity = "warning"
[rule.match]
terms = ["القاعدة", "al-Qaeda", "Al-Qaïda"]
arabic_clitics = true
[[rule.unless]]
within = "tokens"
after = 1
terms = ["عسكرية", "جوية", "militaire"]
[[rule.example]]
text = "هاجم تنظيم القاعدة"
expect = ["القاعدة"]
[[rule.example]]
text = "القاعدة العسكرية"
expect = []

[[rule]]
id = "fz.is"
title = "IS with context"
message = "IS ({match})"
severity = "info"
[rule.match]
terms = ["IS"]
case_sensitive = true
[[rule.require]]
within = "paragraph"
sets = ["org_context"]
[[rule.example]]
text = "IS militants attacked"
expect = ["IS"]
[[rule.example]]
text = "It IS raining"
expect = []

[[rule]]
id = "fz.percent"
title = "Unsourced percentage"
message = "Figure {match}"
severity = "warning"
[rule.match]
patterns = ['''[0-9]+(?:[.,][0-9]+)* ?(?:%|per cent|pour cent|في المئه)''', '''%[0-9]+''']
[[rule.unless]]
within = "sentence"
sets = ["cues"]
[[rule.example]]
text = "Attacks rose 40% last year."
expect = ["40%"]
[[rule.example]]
text = "Attacks rose 40%, according to the UN."
expect = []
)toml";

}  // namespace copydesk_fuzz
