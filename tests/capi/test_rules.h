// A small rule pack given as one TOML string, shared by the C ABI tests.
#pragma once

static const char kTestPack[] = R"toml(
[pack]
id = "test"
category = "extremism"
default_severity = "error"

[termsets.org_context]
terms = ["تنظيم", "group", "militants"]
arabic_clitics = true

[[rule]]
id = "test.isis"
title = "ISIS named"
message = "Names ISIS ({match})"
[rule.match]
terms = ["داعش", "ISIS", "Daesh", "دواعش"]
arabic_clitics = true
suffixes = ["ي", "ية", "يون", "يين"]
[[rule.example]]
language = "ar"
text = "أعلن تنظيم داعش مسؤوليته"
expect = ["داعش"]
[[rule.example]]
language = "en"
text = "a crisis in the region"
expect = []

[[rule]]
id = "test.qaeda"
title = "al-Qaeda named"
message = "Names al-Qaeda ({match})"
severity = "warning"
[rule.match]
terms = ["القاعدة", "al-Qaeda"]
arabic_clitics = true
[[rule.unless]]
within = "tokens"
after = 1
terms = ["عسكرية", "جوية"]
[[rule.example]]
text = "هاجم تنظيم القاعدة"
expect = ["القاعدة"]
[[rule.example]]
text = "القاعدة العسكرية"
expect = []

[[rule]]
id = "test.is-abbrev"
title = "IS as an abbreviation"
message = "IS with context"
[rule.match]
terms = ["IS"]
case_sensitive = true
[[rule.require]]
within = "sentence"
sets = ["org_context"]
[[rule.example]]
text = "IS militants attacked"
expect = ["IS"]
[[rule.example]]
text = "It IS raining"
expect = []
)toml";
