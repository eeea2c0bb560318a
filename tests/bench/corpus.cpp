#include "corpus.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

namespace copydesk::bench {

namespace {

using Words = std::vector<std::string_view>;

// splitmix64: the same sequence with every compiler and standard library
// (std::uniform_int_distribution is not specified bit for bit).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  size_t between(size_t lo, size_t hi) { return lo + below(hi - lo + 1); }  // inclusive
  bool chance(unsigned percent_times_10) { return below(1000) < percent_times_10; }
  std::string_view pick(const Words& w) { return w[below(w.size())]; }

 private:
  uint64_t state_;
};

// ---------------------------------------------------------------- vocabulary

const Words kArabicWords = {
    "الحكومة", "الاجتماع", "المدينة", "القرار", "الاتفاق", "المفاوضات", "الانتخابات", "البرلمان", "الوزارة",
    "المشروع", "الأزمة", "الاقتصاد", "الأسعار", "السوق", "المنطقة", "الحدود", "الجنوب", "الشمال", "العاصمة",
    "الجامعة", "المستشفى", "المدارس", "الطلاب", "العمال", "الشركات", "المستثمرين", "الميزانية", "الضرائب",
    "الكهرباء", "المياه", "الطرق", "الموانئ", "النفط", "الغاز", "الزراعة", "المحاصيل", "الأمطار", "الجفاف",
    "اللاجئين", "المساعدات", "الإغاثة", "الصحة", "اللقاحات", "الأطباء", "المرضى", "القضاء", "المحكمة",
    "المحامي", "الدستور", "الإصلاحات", "المعارضة", "الأحزاب", "الشرطة", "الجيش", "القوات", "الأمن",
    "الهدنة", "وقف", "إطلاق", "النار", "السلام", "الحوار", "الوطني", "الدولي", "الإقليمي", "المحلي", "الجديد",
    "الكبير", "الأخير", "الماضي", "المقبل", "الأسبوع", "الشهر", "العام", "اليوم", "أمس", "صباح", "مساء",
    "خلال", "بعد", "قبل", "منذ", "حتى", "على", "إلى", "من", "في", "عن", "مع", "بين", "أمام", "حول", "نحو",
    "التي", "الذي", "الذين", "هذه", "هذا", "تلك", "كما", "لكن", "أيضا", "حيث", "عندما", "إذا", "بينما",
    "عقدت", "أعلنت", "شهدت", "أكدت", "ناقشت", "وافقت", "رفضت", "طالبت", "بدأت", "انتهت", "استمرت",
    "ارتفعت", "تراجعت", "سجلت", "افتتحت", "أطلقت", "دعت", "حذرت", "أشارت", "تواصلت", "توقفت", "عادت",
    "جلسة", "خطة", "برنامج", "تقرير", "بيان", "مؤتمر", "زيارة", "لقاء", "حملة", "مبادرة", "قانون", "مرسوم",
    "لجنة", "مجلس", "هيئة", "مؤسسة", "منظمة", "مكتب", "مركز", "سكان", "مواطنين", "أهالي", "عائلات",
    "أسواق", "مصانع", "مزارع", "قرى", "أحياء", "شوارع", "مبان", "منازل", "مدرسة", "جامعة", "ملعب",
    "واسعة", "كبيرة", "صغيرة", "جديدة", "قديمة", "عاجلة", "مهمة", "صعبة", "رسمية", "شعبية", "اقتصادية",
    "سياسية", "أمنية", "اجتماعية", "ثقافية", "رياضية", "تاريخية", "دولية", "عربية", "محلية", "إنسانية",
};
const Words kArabicOpeners = {"وأعلنت", "وشهدت", "وتواصلت", "وأكدت", "وناقشت", "وبدأت", "وارتفعت",
                              "وتراجعت", "وافتتحت", "ودعت", "وحذرت", "وأشارت", "وعقدت", "وسجلت"};
const Words kArabicFirst = {
    "محمد", "أحمد", "علي", "حسن", "حسين", "عمر", "خالد", "يوسف", "إبراهيم", "مصطفى", "عبد الله", "عبد الرحمن",
    "سعيد", "سامي", "طارق", "كريم", "ماجد", "نبيل", "وليد", "فادي", "رامي", "زياد", "هشام", "جمال", "عادل",
    "منير", "رشيد", "ناصر", "فيصل", "بسام", "عماد", "أيمن", "باسل", "مروان", "صالح", "حمزة", "أنس", "بلال",
    "فاطمة", "عائشة", "مريم", "زينب", "ليلى", "سلمى", "نور", "هدى", "سارة", "رنا", "دينا", "منى", "سعاد",
    "أمل", "هالة", "ريم", "لينا", "جميلة", "وفاء", "نادية", "سميرة", "خديجة", "أسماء", "رقية", "ياسمين",
    "إيمان", "حنان", "رولا", "غادة", "لمياء", "نجلاء", "شيماء",
};
const Words kArabicLast = {
    "الحسيني", "العلي", "المصري", "الشامي", "الحلبي", "العراقي", "التونسي", "المغربي", "الجزائري", "السوداني",
    "اليمني", "الكويتي", "الخطيب", "النجار", "الحداد", "الصباغ", "العطار", "القاسم", "الزعبي", "العمري",
    "الخوري", "الأسعد", "الحمدان", "السعدي", "الراشد", "البكري", "الجبوري", "الدليمي", "الشمري", "العنزي",
    "القحطاني", "الغامدي", "الزهراني", "المالكي", "الهاشمي", "الأنصاري", "الكبيسي", "الفارس", "المنصور",
    "بن علي", "بن سالم", "بن يوسف", "بن عمر", "بن خالد", "أبو زيد", "أبو سعدة", "أبو شقرة", "عبد الكريم",
    "عبد الحميد", "حجازي", "سليمان", "درويش", "عثمان", "يعقوب", "صالحي", "شاكر", "ناصيف", "حبيب", "زيدان",
    "مراد", "بركات", "جابر", "عيسى", "فرحات", "قاسمي", "بلقاسم", "بوعزيزي", "العربي", "الطاهر", "الحكيم",
};
const Words kArabicTitles = {"الوزير", "الرئيس", "المتحدث باسم الحكومة", "النائب", "المحافظ", "السفير",
                             "رئيس البلدية", "الخبير الاقتصادي", "مدير المستشفى", "قائد الشرطة", "الأمين العام"};
const Words kArabicPlaces = {"بغداد", "دمشق", "بيروت", "القاهرة", "عمّان", "الرياض", "تونس", "الجزائر",
                             "الرباط", "طرابلس", "الخرطوم", "صنعاء", "الموصل", "حلب", "إدلب", "غزة",
                             "الدوحة", "الكويت", "مسقط", "نواكشوط", "البصرة", "الإسكندرية", "بنغازي", "مراكش"};
const Words kArabicSaid = {"وقال", "وأكد", "وأوضح", "وأضاف", "وصرح", "وذكر", "وأعلن"};
const Words kArabicUnits = {"في المئة", "مليون دولار", "مليار دولار", "ألف شخص", "مدنيا", "قتيلا",
                            "نازح", "طن", "كيلومترا", "مليون يورو"};
const Words kArabicSources = {"بحسب وزارة الصحة", "وفق تقرير الأمم المتحدة", "بحسب البنك الدولي",
                              "وفق المعهد الوطني للإحصاء", "بحسب ما قال الوزير"};
const Words kArabicVague = {"بحسب مصادر مطلعة", "وفق مصادر محلية", "بحسب مصادر أمنية", "كما ذكرت مصادر خاصة",
                            "بحسب مصدر مطلع", "حسب ما تردد"};
const Words kArabicOrganizations = {"تنظيم داعش", "تنظيم الدولة الإسلامية", "حركة الشباب المجاهدين",
                                    "جماعة بوكو حرام", "تنظيم القاعدة", "هيئة تحرير الشام", "حزب العمال الكردستاني"};
const Words kArabicOrgContext = {"هجوما تبناه", "عناصر من", "مقاتلي", "معاقل", "خلية تابعة لـ"};
const Words kArabicQuoteWords = {"لن", "نسمح", "بعودة", "الفوضى", "إلى", "المدينة", "مهما", "كان", "الثمن",
                                 "نحن", "ملتزمون", "بالحوار", "والعمل", "من", "أجل", "مستقبل", "أفضل", "لأبنائنا",
                                 "الوضع", "صعب", "لكننا", "سنواصل", "الجهود", "حتى", "النهاية"};

const Words kEnglishWords = {
    "government", "meeting", "city", "decision", "agreement", "talks", "elections", "parliament", "ministry",
    "project", "crisis", "economy", "prices", "market", "region", "border", "south", "north", "capital",
    "university", "hospital", "schools", "students", "workers", "companies", "investors", "budget", "taxes",
    "electricity", "water", "roads", "ports", "oil", "gas", "farming", "crops", "rain", "drought", "refugees",
    "aid", "relief", "health", "vaccines", "doctors", "patients", "court", "judge", "lawyer", "constitution",
    "reforms", "opposition", "parties", "police", "army", "forces", "security", "truce", "ceasefire", "peace",
    "dialogue", "national", "international", "regional", "local", "new", "large", "last", "next", "week",
    "month", "year", "today", "yesterday", "morning", "evening", "during", "after", "before", "since", "until",
    "on", "to", "from", "in", "about", "with", "between", "around", "the", "the", "the", "a", "of", "of", "and",
    "and", "which", "who", "this", "that", "also", "where", "when", "while", "but", "held", "announced",
    "opened", "discussed", "approved", "rejected", "demanded", "began", "ended", "continued", "rose", "fell",
    "recorded", "launched", "called", "warned", "pointed", "resumed", "stopped", "returned", "session", "plan",
    "programme", "report", "statement", "conference", "visit", "campaign", "initiative", "law", "decree",
    "committee", "council", "authority", "foundation", "organisation", "office", "centre", "residents",
    "citizens", "families", "markets", "factories", "farms", "villages", "districts", "streets", "buildings",
    "homes", "school", "stadium", "wide", "big", "small", "old", "urgent", "important", "difficult", "official",
    "popular", "economic", "political", "social", "cultural", "historic", "humanitarian",
};
const Words kEnglishFirst = {
    "John", "Michael", "David", "James", "Robert", "William", "Richard", "Thomas", "Charles", "Daniel", "Matthew",
    "Andrew", "Mark", "Paul", "Steven", "Kevin", "Brian", "George", "Edward", "Peter", "Simon", "Oliver", "Harry",
    "Jack", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Sarah", "Karen", "Nancy", "Lisa",
    "Emma", "Olivia", "Sophie", "Grace", "Helen", "Anna", "Rachel", "Laura", "Claire", "Kate", "Amy", "Ruth",
};
const Words kFrenchFirst = {
    "Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Jacques", "Bernard", "François", "Éric", "Laurent",
    "Nicolas", "Julien", "Mathieu", "Sébastien", "Antoine", "Hugo", "Théo", "Benoît", "Rémi", "Marie", "Nathalie",
    "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Sandrine", "Céline", "Hélène", "Aurélie", "Chloé",
    "Léa", "Manon", "Camille", "Amélie", "Élodie", "Margaux", "Noémie", "Agnès",
};
const Words kEnglishLast = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
    "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell",
    "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart",
    "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Reed",
};
const Words kFrenchLast = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
    "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
};
const Words kEnglishTitles = {"Minister", "President", "government spokesman", "MP", "Governor", "Ambassador",
                              "Mayor", "economist", "hospital director", "police chief", "Secretary-General"};
const Words kPlacesLatin = {"Baghdad", "Damascus", "Beirut", "Cairo", "Amman", "Riyadh", "Tunis", "Algiers",
                            "Rabat", "Tripoli", "Khartoum", "Sanaa", "Mosul", "Aleppo", "Idlib", "Gaza",
                            "Doha", "Kuwait", "Muscat", "Nouakchott", "Basra", "Alexandria", "Benghazi", "Marrakesh"};
const Words kEnglishSaid = {"said", "told reporters", "stated", "added", "announced", "explained"};
const Words kEnglishUnits = {"per cent", "million dollars", "billion dollars", "thousand people", "civilians",
                             "people", "displaced", "tonnes", "kilometres", "million euros"};
const Words kEnglishSources = {"according to the health ministry", "the UN report estimated",
                               "according to the World Bank", "the statistics office said", "the minister said"};
const Words kEnglishVague = {"sources said", "informed sources told", "according to security sources",
                             "a source said", "unnamed sources said", "it is believed"};
const Words kEnglishOrganizations = {"ISIS", "the Islamic State group", "al-Shabaab", "Boko Haram", "al-Qaeda",
                                     "Hayat Tahrir al-Sham", "the PKK"};
const Words kEnglishOrgContext = {"fighters of", "an attack claimed by", "militants from", "a cell linked to",
                                  "strongholds of"};
const Words kEnglishQuoteWords = {"we", "will", "not", "allow", "chaos", "to", "return", "to", "the", "city",
                                  "whatever", "the", "cost", "we", "are", "committed", "to", "dialogue", "and",
                                  "a", "better", "future", "for", "our", "children", "this", "is", "hard"};

const Words kFrenchWords = {
    "gouvernement", "réunion", "ville", "décision", "accord", "négociations", "élections", "parlement",
    "ministère", "projet", "crise", "économie", "prix", "marché", "région", "frontière", "sud", "nord",
    "capitale", "université", "hôpital", "écoles", "étudiants", "travailleurs", "entreprises", "investisseurs",
    "budget", "impôts", "électricité", "eau", "routes", "ports", "pétrole", "gaz", "agriculture", "récoltes",
    "pluie", "sécheresse", "réfugiés", "aide", "secours", "santé", "vaccins", "médecins", "patients", "tribunal",
    "juge", "avocat", "constitution", "réformes", "opposition", "partis", "police", "armée", "forces",
    "sécurité", "trêve", "cessez-le-feu", "paix", "dialogue", "national", "international", "régional", "local",
    "nouveau", "grand", "dernier", "prochain", "semaine", "mois", "année", "aujourd'hui", "hier", "matin",
    "soir", "pendant", "après", "avant", "depuis", "jusqu'à", "sur", "vers", "de", "dans", "avec", "entre",
    "autour", "le", "la", "les", "les", "des", "du", "et", "et", "qui", "ce", "cette", "aussi", "où", "quand",
    "mais", "tenu", "annoncé", "ouvert", "discuté", "approuvé", "rejeté", "réclamé", "commencé", "terminé",
    "poursuivi", "augmenté", "baissé", "enregistré", "lancé", "appelé", "averti", "souligné", "repris", "arrêté",
    "séance", "plan", "programme", "rapport", "communiqué", "conférence", "visite", "campagne", "initiative",
    "loi", "décret", "commission", "conseil", "autorité", "fondation", "organisation", "bureau", "centre",
    "habitants", "citoyens", "familles", "marchés", "usines", "fermes", "villages", "quartiers", "rues",
    "bâtiments", "maisons", "école", "stade", "vaste", "petite", "ancienne", "urgente", "importante", "difficile",
    "officielle", "populaire", "économique", "politique", "sociale", "culturelle", "historique", "humanitaire",
    "l'État", "l'armée", "d'urgence", "l'ONU",
};
const Words kFrenchTitles = {"le ministre", "le président", "le porte-parole du gouvernement", "le député",
                             "le gouverneur", "l'ambassadeur", "le maire", "l'économiste",
                             "le directeur de l'hôpital", "le chef de la police", "le secrétaire général"};
const Words kFrenchSaid = {"a déclaré", "a affirmé", "a indiqué", "a ajouté", "a annoncé", "a expliqué"};
const Words kFrenchUnits = {"pour cent", "millions de dollars", "milliards de dollars", "mille personnes", "civils",
                            "personnes", "déplacés", "tonnes", "kilomètres", "millions d'euros"};
const Words kFrenchSources = {"selon le ministère de la Santé", "d'après le rapport de l'ONU",
                              "selon la Banque mondiale", "a indiqué l'institut de statistique",
                              "a précisé le ministre"};
const Words kFrenchVague = {"selon des sources", "selon des sources locales", "de source sûre",
                            "selon une source proche du dossier", "selon certaines sources", "dit-on"};
const Words kFrenchOrganizations = {"l'État islamique", "Daech", "les Chabab", "Boko Haram", "Al-Qaïda",
                                    "Hayat Tahrir al-Cham", "le PKK"};
const Words kFrenchOrgContext = {"des combattants de", "une attaque revendiquée par", "des militants de",
                                 "une cellule liée à", "des fiefs de"};
const Words kFrenchQuoteWords = {"nous", "ne", "laisserons", "pas", "le", "chaos", "revenir", "dans", "la",
                                 "ville", "quel", "qu'en", "soit", "le", "prix", "nous", "sommes", "attachés",
                                 "au", "dialogue", "et", "à", "un", "avenir", "meilleur", "pour", "nos", "enfants"};

// Name parts of organizations in the lexicon.
const Words kArabicOrgWords = {"مجموعة", "شركة", "مؤسسة", "جمعية", "مصرف"};
const Words kArabicOrgSectors = {"للتجارة", "القابضة", "للإنشاءات", "للاستثمار", "الخيرية", "للنقل", "للصرافة"};
const Words kLatinOrgSectors = {"Holdings", "Trading Group", "Foundation", "Logistics", "Exchange", "Capital",
                                "Construction"};

// ---------------------------------------------------------------- building blocks

std::string arabic_indic(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (char c : digits) {
    out += "\xD9";
    out += static_cast<char>(0xA0 + (c - '0'));  // U+0660..U+0669
  }
  return out;
}

std::string with_thousands(uint64_t n, char separator) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

uint64_t some_number(Rng& rng) {
  switch (rng.below(4)) {
    case 0: return rng.between(2, 99);
    case 1: return rng.between(100, 999);
    case 2: return rng.between(1000, 99999);
    default: return rng.between(1, 60);
  }
}

// Adds a haraka after the first letter (~5 % of Arabic words) or a tatweel (~1.5 %),
// as in copy pasted from agencies and social media.
std::string decorate_arabic(std::string_view word, Rng& rng) {
  if (word.size() < 4 || static_cast<unsigned char>(word[0]) < 0xD8) return std::string(word);
  unsigned roll = static_cast<unsigned>(rng.below(1000));
  if (roll < 50) {
    static const char* const kHarakat[] = {"\xD9\x8E", "\xD9\x8F", "\xD9\x90", "\xD9\x91", "\xD9\x92"};
    return std::string(word.substr(0, 2)) + kHarakat[rng.below(5)] + std::string(word.substr(2));
  }
  if (roll < 65) return std::string(word.substr(0, 2)) + "\xD9\x80" + std::string(word.substr(2));  // tatweel
  return std::string(word);
}

struct LanguageData {
  const Words* words;
  const Words* first;
  const Words* first_alt;  // French first names also appear in English copy and back
  const Words* last;
  const Words* titles;
  const Words* places;
  const Words* said;
  const Words* units;
  const Words* sources;
  const Words* vague;
  const Words* organizations;
  const Words* org_context;
  const Words* quote_words;
};

const LanguageData& data_of(Language lang) {
  static const LanguageData ar{&kArabicWords, &kArabicFirst, &kArabicFirst, &kArabicLast, &kArabicTitles,
                               &kArabicPlaces, &kArabicSaid, &kArabicUnits, &kArabicSources, &kArabicVague,
                               &kArabicOrganizations, &kArabicOrgContext, &kArabicQuoteWords};
  static const LanguageData en{&kEnglishWords, &kEnglishFirst, &kFrenchFirst, &kEnglishLast, &kEnglishTitles,
                               &kPlacesLatin, &kEnglishSaid, &kEnglishUnits, &kEnglishSources, &kEnglishVague,
                               &kEnglishOrganizations, &kEnglishOrgContext, &kEnglishQuoteWords};
  static const LanguageData fr{&kFrenchWords, &kFrenchFirst, &kEnglishFirst, &kFrenchLast, &kFrenchTitles,
                               &kPlacesLatin, &kFrenchSaid, &kFrenchUnits, &kFrenchSources, &kFrenchVague,
                               &kFrenchOrganizations, &kFrenchOrgContext, &kFrenchQuoteWords};
  return lang == Language::kArabic ? ar : lang == Language::kEnglish ? en : fr;
}

class SentenceWriter {
 public:
  SentenceWriter(Language lang, const std::vector<std::string>& lexicon, Rng& rng, CorpusStats& stats)
      : lang_(lang), d_(data_of(lang)), lexicon_(lexicon), rng_(rng), stats_(stats) {}

  std::string sentence() {
    ++stats_.sentences;
    std::vector<std::string> parts;
    unsigned kind = static_cast<unsigned>(rng_.below(100));
    std::string close = ".";
    if (kind < 40) {  // narrative
      if (lang_ == Language::kArabic) parts.emplace_back(rng_.pick(kArabicOpeners));
      add_words(parts, rng_.between(6, 18));
      if (rng_.chance(400)) parts.push_back(in_place());
      add_words(parts, rng_.between(1, 5));
    } else if (kind < 60) {  // attributed statement
      attributed(parts);
    } else if (kind < 68) {  // figure with no source
      ++stats_.unsourced_figures;
      if (lang_ == Language::kArabic) parts.emplace_back(rng_.pick(kArabicOpeners));
      add_words(parts, rng_.between(4, 10));
      parts.push_back(figure());
      add_words(parts, rng_.between(2, 8));
    } else if (kind < 75) {  // figure with its source
      add_words(parts, rng_.between(4, 10));
      parts.push_back(figure());
      add_words(parts, rng_.between(1, 5));
      parts.push_back(comma() + std::string(rng_.pick(*d_.sources)));
    } else if (kind < 83) {  // quotation with its speaker
      return quotation(true);
    } else if (kind < 86) {  // bare quotation
      ++stats_.bare_quotes;
      return quotation(false);
    } else if (kind < 91) {  // vague source
      ++stats_.vague_sources;
      add_words(parts, rng_.between(6, 14));
      parts.push_back(comma() + std::string(rng_.pick(*d_.vague)));
    } else if (kind < 94) {  // organization in the news
      ++stats_.organization_mentions;
      add_words(parts, rng_.between(4, 10));
      parts.emplace_back(rng_.pick(*d_.org_context));
      parts.emplace_back(rng_.pick(*d_.organizations));
      if (rng_.chance(300)) parts.push_back(in_place());
      add_words(parts, rng_.between(2, 6));
    } else {  // question or exclamation
      add_words(parts, rng_.between(6, 14));
      close = lang_ == Language::kArabic ? "؟" : rng_.chance(500) ? "?" : "!";
      if (lang_ == Language::kFrench) close = " " + close;
    }
    if (rng_.chance(250)) insert_lexicon_name(parts);
    return finish(parts, close);
  }

  std::string headline() {
    std::vector<std::string> parts;
    add_words(parts, rng_.between(5, 10));
    if (rng_.chance(300)) insert_lexicon_name(parts);
    std::string line;
    for (const std::string& p : parts) line += (line.empty() ? "" : " ") + p;
    if (lang_ != Language::kArabic && !line.empty() && line[0] >= 'a' && line[0] <= 'z') line[0] -= 32;
    return line;
  }

 private:
  std::string comma() const { return lang_ == Language::kArabic ? "، " : ", "; }

  void add_words(std::vector<std::string>& parts, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      unsigned roll = static_cast<unsigned>(rng_.below(1000));
      if (roll < 30) {
        parts.push_back(person());
      } else if (roll < 45) {
        parts.push_back(number_word());
      } else if (lang_ == Language::kArabic) {
        parts.push_back(decorate_arabic(rng_.pick(*d_.words), rng_));
      } else {
        parts.emplace_back(rng_.pick(*d_.words));
      }
    }
  }

  std::string person() {
    const Words& first = rng_.chance(850) ? *d_.first : *d_.first_alt;
    std::string name = std::string(rng_.pick(first)) + " " + std::string(rng_.pick(*d_.last));
    return lang_ == Language::kArabic ? decorate_arabic(name, rng_) : name;
  }

  std::string in_place() {
    std::string_view place = rng_.pick(*d_.places);
    if (lang_ == Language::kArabic) return "في " + std::string(place);
    return (lang_ == Language::kEnglish ? "in " : "à ") + std::string(place);
  }

  std::string digits(uint64_t n) {
    if (lang_ == Language::kArabic) return rng_.chance(500) ? arabic_indic(n) : std::to_string(n);
    if (n >= 1000) return with_thousands(n, lang_ == Language::kEnglish ? ',' : ' ');
    return std::to_string(n);
  }

  // A year, a date or a plain number: figures no rule should flag.
  std::string number_word() {
    if (rng_.chance(500)) return digits(rng_.between(1990, 2025));
    return digits(rng_.between(1, 31));
  }

  std::string figure() {
    uint64_t n = some_number(rng_);
    std::string_view unit = rng_.pick(*d_.units);
    if (lang_ == Language::kEnglish && rng_.chance(200)) return "$" + std::to_string(n % 100 + 1) + " million";
    if (lang_ == Language::kFrench && unit == "pour cent" && rng_.chance(500)) return std::to_string(n % 100) + " %";
    if (lang_ == Language::kEnglish && unit == "per cent" && rng_.chance(500)) return std::to_string(n % 100) + "%";
    return digits(n) + " " + std::string(unit);
  }

  void attributed(std::vector<std::string>& parts) {
    std::string speaker = std::string(rng_.pick(*d_.titles)) + " " + person();
    if (lang_ == Language::kArabic) {
      parts.emplace_back(rng_.pick(*d_.said));
      parts.push_back(speaker);
      parts.emplace_back(rng_.chance(500) ? "إن" : "أن");
      add_words(parts, rng_.between(6, 16));
    } else if (lang_ == Language::kEnglish) {
      add_words(parts, rng_.between(6, 16));
      parts.back() += ",";
      parts.push_back(speaker);
      parts.emplace_back(rng_.pick(*d_.said));
    } else {
      add_words(parts, rng_.between(6, 16));
      parts.back() += ",";
      parts.emplace_back(rng_.pick(*d_.said));
      parts.push_back(speaker);
    }
  }

  std::string quotation(bool with_speaker) {
    std::vector<std::string> said;
    size_t n = rng_.between(6, 16);
    for (size_t i = 0; i < n; ++i) said.emplace_back(rng_.pick(*d_.quote_words));
    std::string body;
    for (const std::string& w : said) body += (body.empty() ? "" : " ") + w;
    std::string quoted;
    if (lang_ == Language::kArabic) {
      quoted = rng_.chance(500) ? "«" + body + "»" : "\"" + body + "\"";
      if (!with_speaker) return quoted + ".";
      return std::string(rng_.pick(kArabicSaid)) + " " + std::string(rng_.pick(*d_.titles)) + " " + person() + ": " +
             quoted + ".";
    }
    if (lang_ == Language::kEnglish) {
      body[0] = static_cast<char>(body[0] - 32);
      quoted = rng_.chance(500) ? "“" + body + ".”" : "\"" + body + ".\"";
      if (!with_speaker) return quoted;
      return quoted + " " + person() + " " + std::string(rng_.pick(*d_.said)) + ".";
    }
    quoted = "« " + body + " »";
    if (!with_speaker) return quoted + ".";
    return quoted + ", " + std::string(rng_.pick(*d_.said)) + " " + person() + ".";
  }

  // Half the insertions use the first 100 names, a quarter names 100-999, a quarter
  // the rest; only names of this article's script.
  void insert_lexicon_name(std::vector<std::string>& parts) {
    if (lexicon_.empty()) return;
    size_t band = rng_.below(4);
    size_t lo = band < 2 ? 0 : band == 2 ? 100 : 1000;
    size_t hi = band < 2 ? 100 : band == 2 ? 1000 : lexicon_.size();
    hi = std::min(hi, lexicon_.size());
    if (lo >= hi) lo = 0;
    size_t index = lo + rng_.below(hi - lo);
    bool want_arabic = lang_ == Language::kArabic;
    if ((index % 2 == 0) != want_arabic) index = index + 1 < hi ? index + 1 : index - 1;
    ++stats_.lexicon_insertions;
    parts.insert(parts.begin() + static_cast<long>(rng_.below(parts.size() + 1)), lexicon_[index]);
  }

  std::string finish(std::vector<std::string>& parts, const std::string& close) {
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : " ") + p;
    if (lang_ != Language::kArabic && !s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] -= 32;
    return s + close;
  }

  Language lang_;
  const LanguageData& d_;
  const std::vector<std::string>& lexicon_;
  Rng& rng_;
  CorpusStats& stats_;
};

}  // namespace

const char* language_code(Language lang) {
  return lang == Language::kArabic ? "ar" : lang == Language::kEnglish ? "en" : "fr";
}

std::vector<std::string> make_lexicon(size_t count) {
  Rng rng(0x1E41C0);
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  names.reserve(count);
  while (names.size() < count) {
    bool arabic = names.size() % 2 == 0;
    std::string name;
    unsigned shape = static_cast<unsigned>(rng.below(100));
    if (arabic) {
      if (shape < 12)
        name = std::string(rng.pick(kArabicOrgWords)) + " " + std::string(rng.pick(kArabicLast)) + " " +
               std::string(rng.pick(kArabicOrgSectors));
      else if (shape < 55)
        name = std::string(rng.pick(kArabicFirst)) + " " + std::string(rng.pick(kArabicLast));
      else
        name = std::string(rng.pick(kArabicFirst)) + " " + std::string(rng.pick(kArabicFirst)) + " " +
               std::string(rng.pick(kArabicLast));
    } else {
      bool french = rng.chance(400);
      const Words& first = french ? kFrenchFirst : kEnglishFirst;
      const Words& last = french ? kFrenchLast : kEnglishLast;
      if (shape < 12)
        name = std::string(rng.pick(last)) + " " + std::string(rng.pick(kLatinOrgSectors));
      else if (shape < 55)
        name = std::string(rng.pick(first)) + " " + std::string(rng.pick(last));
      else
        name = std::string(rng.pick(first)) + " " + std::string(rng.pick(first)) + " " + std::string(rng.pick(last));
    }
    if (seen.insert(name).second) names.push_back(std::move(name));
  }
  return names;
}

void write_lexicon_pack(const std::string& dir, const std::vector<std::string>& lexicon) {
  namespace fs = std::filesystem;
  fs::path pack = fs::path(dir) / "benchlex";
  fs::create_directories(pack / "lists");
  auto write = [](const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
  };
  write(pack / "pack.toml",
        "[pack]\nid = \"benchlex\"\nversion = \"0.0.1\"\ncategory = \"benchlex\"\n"
        "title = \"Benchmark lexicon: people and companies under review\"\n"
        "languages = [\"ar\", \"en\", \"fr\"]\ndefault_severity = \"warning\"\n");
  std::string list = "# Generated by tests/bench (copydesk::bench::make_lexicon): 10,000 made-up names.\n";
  for (size_t i = 0; i < lexicon.size(); ++i) list += lexicon[i] + "\tref=BL" + std::to_string(i) + "\n";
  write(pack / "lists" / "names.txt", list);
  // The examples are the first two names, so the rule's own checks keep working.
  write(pack / "names.toml",
        "id = \"benchlex.names\"\ntitle = \"Name on the review list\"\n"
        "message = \"{match} is on the review list ({meta.ref}).\"\nlanguages = [\"ar\", \"en\", \"fr\"]\n\n"
        "[match]\nlists = [\"lists/names.txt\"]\narabic_clitics = true\n\n"
        "[[example]]\nlanguage = \"ar\"\ntext = \"والتقى " + lexicon.at(0) + " بالوفد.\"\nexpect = [\"" +
            lexicon.at(0) + "\"]\n\n"
        "[[example]]\nlanguage = \"en\"\ntext = \"The delegation met " + lexicon.at(1) + " on Monday.\"\nexpect = [\"" +
            lexicon.at(1) + "\"]\n\n"
        "[[example]]\nlanguage = \"en\"\ntext = \"The delegation met nobody on Monday.\"\nexpect = []\n");
}

std::vector<std::string> make_articles(Language lang, size_t total_bytes, size_t min_bytes, size_t max_bytes,
                                       const std::vector<std::string>& lexicon, uint64_t seed, CorpusStats* stats) {
  if (min_bytes == 0 || min_bytes > max_bytes) throw std::invalid_argument("make_articles: bad size range");
  Rng rng(seed * 0x100000001B3ull + static_cast<uint64_t>(lang) + 1);
  CorpusStats local;
  SentenceWriter writer(lang, lexicon, rng, stats ? *stats : local);
  std::vector<std::string> articles;
  size_t produced = 0;
  while (produced < total_bytes) {
    size_t target = rng.between(min_bytes, max_bytes);
    std::string article = writer.headline() + "\n\n";
    size_t in_paragraph = 0, paragraph_size = rng.between(2, 5);
    // Sentences are added while they fit; the article is kept once it reaches min_bytes.
    for (int attempts = 0; article.size() < target && attempts < 10000; ++attempts) {
      std::string s = writer.sentence();
      const char* sep = in_paragraph == 0 ? "" : " ";
      if (article.size() + s.size() + 2 > target) {
        if (article.size() >= min_bytes) break;
        continue;  // too long: try a shorter sentence
      }
      article += sep;
      article += s;
      if (++in_paragraph == paragraph_size) {
        article += "\n\n";
        in_paragraph = 0;
        paragraph_size = rng.between(2, 5);
      }
    }
    while (!article.empty() && article.back() == '\n') article.pop_back();
    article += '\n';
    produced += article.size();
    articles.push_back(std::move(article));
  }
  return articles;
}

}  // namespace copydesk::bench
