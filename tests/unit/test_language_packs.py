"""Durations, number words, words that look like negation, overdose wording, dialect forms and questions in the
other-language emergency packs (knowledge/language/emergency).

For each mechanism and each language there is a sentence it must raise and a sentence it must leave alone. Where a
mechanism is what makes the difference, the pack is built a second time without that part of its data and the
result must change: a duration is quiet only because of its duration cue, "dos meses" is an age only because of
the number words, "the pain won't go away" is not a denial only because of the not-negation list. Sentences are
our own.
"""

from __future__ import annotations


import pytest

from assistant.understanding.languages import DURATION_SIDES, LanguagePack
from knowledge import language
from tests.fixtures.language import language_pack as pack

CODES = tuple(language.emergency_languages())




# -- 1. durations are not ages ---------------------------------------------------------------------------------------
# An age written with a bare unit word ("3 semanas"), no baby word: young, and only because of the age units.
BARE_UNIT_AGES = {
    "es": "Mi hija tiene 3 semanas y está con fiebre",
    "pt": "Minha filha tem 5 semanas e está com febre",
    "fr": "Ma fille a 3 semaines et elle a de la fièvre",
    "pl": "Wnuczka skończyła 4 tygodnie i gorączkuje",
    "ru": "Внучке 5 недель, температура 38,2",
    "vi": "Con gái tôi 5 tuần, sốt 38 độ",
    "tl": "Ang anak ko ay 6 na linggo at may lagnat",
    "ar": "بنتي ٥ اسابيع وعندها حراره",
    "zh": "女儿5周，发烧了",
    "hi": "beti 6 hafte ki hai, bukhar aa gaya",
    "ur": "بیٹی ۶ ہفتے کی ہے اور بخار ہے",
}

# The same kind of number + unit as a duration (a cue before the number or after the unit): nothing is raised, and
# without the pack's duration cues the sentence would be read as a young baby with a fever.
DURATIONS = {
    "es": ["Tengo fiebre desde hace dos semanas", "Llevo 3 semanas con fiebre y tos",
           "Tuve fiebre 2 semanas atrás"],
    "pt": ["Estou com febre há duas semanas", "Faz 3 semanas que tenho febre", "Tive febre 2 semanas atrás"],
    "fr": ["J'ai de la fièvre depuis deux semaines", "Ça fait 3 semaines que j'ai de la fièvre",
           "Il y a 2 semaines j'avais de la fièvre"],
    "pl": ["Mam gorączkę od dwóch tygodni", "Trzy tygodnie temu miałem gorączkę", "Przez 2 tygodnie miałem gorączkę"],
    "ru": ["Уже две недели держится температура", "Температура была 3 недели назад",
           "В течение 2 недель температура"],
    "vi": ["Tôi bị sốt 2 tuần nay", "Tôi sốt được ba tuần rồi", "Hai tuần trước tôi bị sốt"],
    "tl": ["Dalawang linggo na akong nilalagnat", "Nilagnat ako 3 linggo na ang nakalipas",
           "Nilalagnat ako sa loob ng 2 linggo"],
    "ar": ["عندي حراره من ٣ اسابيع ونص", "صار لي ٣ اسابيع عندي حراره", "قبل ثلاث اسابيع كانت عندي حراره"],
    "zh": ["我发烧两周了", "三周前我发烧了", "已经两个星期发烧"],
    "hi": ["mujhe do hafte se bukhar hai", "teen hafte pehle bukhar tha", "मुझे दो हफ्ते से बुखार है"],
    "ur": ["mujhe do hafte se bukhar hai", "مجھے تین ہفتے سے بخار ہے", "دو ہفتے پہلے بخار تھا"],
}

# Weeks of a pregnancy are not a baby's age either (a pregnancy word is close by).
PREGNANCY_WEEKS = {
    "es": "Estoy embarazada de 9 semanas y tengo fiebre",
    "pt": "Estou grávida de 9 semanas e com febre",
    "fr": "Je suis enceinte de 9 semaines et j'ai de la fièvre",
    "pl": "Jestem w 9 tygodniu ciąży i mam gorączkę",
    "ru": "Беременность 9 недель, температура 38",
    "vi": "Tôi mang thai 9 tuần và bị sốt",
    "tl": "Buntis ako ng 9 na linggo at may lagnat",
    "ar": "انا حامل في ٩ اسابيع وعندي حراره",
    "zh": "怀孕9周，发烧了",
    "hi": "main 9 hafte ki pregnant hoon aur bukhar hai",
    "ur": "میں ۹ ہفتے کی حاملہ ہوں اور بخار ہے",
}


@pytest.mark.parametrize("code", CODES)
def test_a_bare_unit_age_makes_a_young_baby(code):
    text = BARE_UNIT_AGES[code]
    assert "infant_fever" in pack(code).emergencies(text)
    assert "infant_fever" not in pack(code, without="age_units").emergencies(text)


@pytest.mark.parametrize("code, text", [(code, text) for code in CODES for text in DURATIONS[code]])
def test_a_duration_is_not_an_age(code, text):
    assert pack(code).emergencies(text) == []
    assert "infant_fever" in pack(code, without="duration_cues").emergencies(text)


@pytest.mark.parametrize("code", CODES)
def test_pregnancy_weeks_are_not_an_age(code):
    assert pack(code).emergencies(PREGNANCY_WEEKS[code]) == []


# -- 2. number words -------------------------------------------------------------------------------------------------
# An age written in words: young only because of the pack's number words.
AGES_IN_WORDS = {
    "es": "Mi sobrina de dos meses tiene fiebre alta",
    "pt": "Minha sobrinha de dois meses está com febre alta",
    "fr": "Ma nièce a deux mois et une forte fièvre",
    "pl": "Wnuczka skończyła dwa miesiące i ma wysoką gorączkę",
    "ru": "Племяннице полтора месяца, у неё жар",
    "vi": "Cháu gái mới hai tuần, sốt cao",
    "tl": "Ang pamangkin kong dalawang buwan ay may lagnat",
    "ar": "bent okhti 3omra talat asabee3 w 3andha 7arara",
    "zh": "外甥女两个月大，发烧了",
    "hi": "bhanji dedh mahine ki hai aur use bukhar hai",
    "ur": "بھانجی ڈیڑھ مہینے کی ہے اور اسے بخار ہے",
}

# A number word that is a duration, or an age over three months: nothing.
NUMBER_WORDS_QUIET = {
    "es": ["Tengo fiebre desde hace tres semanas", "Mi sobrino de cinco meses tiene tos sin fiebre"],
    "pt": ["Tenho febre faz três semanas", "Meu sobrinho de cinco meses tem tosse mas está sem febre"],
    "fr": ["J'ai de la fièvre depuis trois semaines", "Mon neveu de cinq mois tousse, il a de la fièvre"],
    "pl": ["Mam gorączkę od trzech tygodni", "Siostrzeniec ma pięć miesięcy i gorączkę"],
    "ru": ["Температура держится уже три недели", "Племяннику пять месяцев, у него жар"],
    "vi": ["Tôi bị sốt ba tuần nay", "Tôi đã sốt hai tuần liền"],
    "tl": ["Tatlong linggo na akong nilalagnat", "Ang pamangkin kong limang buwan ay may lagnat"],
    "ar": ["عندي حراره من ثلاث اسابيع", "ابن اختي عمره خمس شهور وعنده حراره"],
    "zh": ["我发烧三周了", "外甥十一个月大，发烧了"],
    "hi": ["mujhe teen hafte se bukhar hai", "bhanja paanch mahine ka hai aur use bukhar hai"],
    "ur": ["مجھے تین ہفتے سے بخار ہے", "بھانجا پانچ مہینے کا ہے اور اسے بخار ہے"],
}


@pytest.mark.parametrize("code", CODES)
def test_an_age_in_words_makes_a_young_baby(code):
    text = AGES_IN_WORDS[code]
    assert "infant_fever" in pack(code).emergencies(text)
    assert "infant_fever" not in pack(code, without="number_words").emergencies(text)


@pytest.mark.parametrize("code, text", [(code, text) for code in CODES for text in NUMBER_WORDS_QUIET[code]])
def test_a_number_word_duration_or_older_age_raises_nothing(code, text):
    assert pack(code).emergencies(text) == []


# -- 3. words that look like negation but are not --------------------------------------------------------------------
# (text, category): raised, and missed when the pack has no not-negation list.
PSEUDO_NEGATION = {
    "es": ("Me duele el pecho no se me quita", "chest_pain"),
    "pt": ("Dor no peito não passa", "chest_pain"),
    "fr": ("J'ai de plus en plus de mal à respirer", "cannot_breathe"),
    "pl": ("Ból w klatce piersiowej nie do wytrzymania", "chest_pain"),
    "ru": ("В груди давит нет сил терпеть", "chest_pain"),
    "vi": ("Đau ngực không chịu nổi", "chest_pain"),
    "tl": ("Ang dibdib ko masakit hindi mawala", "chest_pain"),
    "ar": ("nafasi ma2too3 bidoon sabab", "cannot_breathe"),
    "zh": ("胸口闷没有缓解", "chest_pain"),
    "hi": ("seene mein dard kam nahi ho raha", "chest_pain"),
    "ur": ("سینے میں درد کم نہیں ہو رہا", "chest_pain"),
}

# The expressions from the brief ("out of nowhere") in front of an emergency: still raised.
OUT_OF_NOWHERE = {
    "es": ("De la nada me empezó un dolor de pecho", "chest_pain"),
    "pt": ("Do nada começou uma dor no peito", "chest_pain"),
    "fr": ("Sans prévenir, une douleur dans la poitrine", "chest_pain"),
    "pl": ("Ni z tego, ni z owego krwotok z nosa, krew leje", "severe_bleeding"),
    "ru": ("Ни с того ни с сего сдавило в груди", "chest_pain"),
    "vi": ("Không hiểu sao tự nhiên đau thắt ngực", "chest_pain"),
    "tl": ("Hindi ko alam kung bakit, sumikip ang dibdib ko", "chest_pain"),
    "ar": ("فجأه بدون مقدمات صدري يوجعني", "chest_pain"),
    "zh": ("没有任何征兆，突然胸口剧痛", "chest_pain"),
    "hi": ("pata nahi kyun achanak seene mein dard", "chest_pain"),
    "ur": ("pata nahi kyun achanak seene mein dard", "chest_pain"),
}

# A real denial of the same finding: nothing.
REAL_NEGATION = {
    "es": "No tengo dolor de pecho, solo cansancio",
    "pt": "Não tenho dor no peito, só cansaço",
    "fr": "Je n'ai pas de douleur à la poitrine, juste de la fatigue",
    "pl": "Nie mam bólu w klatce piersiowej, tylko zmęczenie",
    "ru": "Боли в груди нет, только усталость",
    "vi": "Tôi không đau ngực, chỉ mệt",
    "tl": "Hindi masakit ang dibdib ko, pagod lang",
    "ar": "ما في الم في الصدر، بس تعب",
    "zh": "胸口没有痛，就是有点累",
    "hi": "seene mein dard nahi hai, bas thakaan hai",
    "ur": "سینے میں درد نہیں ہے، بس تھکاوٹ ہے",
}


@pytest.mark.parametrize("code", CODES)
def test_a_pseudo_negation_does_not_negate(code):
    text, category = PSEUDO_NEGATION[code]
    assert category in pack(code).emergencies(text)
    assert category not in pack(code, without="not_negation").emergencies(text)


@pytest.mark.parametrize("code", CODES)
def test_out_of_nowhere_still_raises(code):
    text, category = OUT_OF_NOWHERE[code]
    assert category in pack(code).emergencies(text)


@pytest.mark.parametrize("code", CODES)
def test_a_real_denial_still_negates(code):
    assert pack(code).emergencies(REAL_NEGATION[code]) == []


# -- 4. overdose wording ---------------------------------------------------------------------------------------------
OVERDOSES = {
    "es": ["Mi hermano se tomó todo el frasco de clonazepam", "Tragó un puñado de pastillas para dormir",
           "Se tomó 40 paracetamoles"],
    "pt": ["Minha irmã tomou a caixa toda de Rivotril", "Ele engoliu um punhado de comprimidos",
           "Tomou 30 dipironas de uma vez"],
    "fr": ["Elle a avalé toute sa boîte de Doliprane", "Il a pris une poignée de cachets", "J'ai pris 20 Lexomil"],
    "pl": ["Brat połknął całe opakowanie apapu", "Wzięła garść tabletek nasennych", "Połknąłem 30 tabletek ibupromu"],
    "ru": ["Сестра выпила всю упаковку феназепама", "Он проглотил горсть таблеток", "Выпил целую пачку снотворного"],
    "vi": ["Em tôi uống hết cả lọ thuốc ngủ", "Nó nuốt một nắm thuốc", "Uống 30 viên paracetamol một lúc"],
    "tl": ["Ininom ng kapatid ko ang buong bote ng gamot", "Lumunok siya ng isang dakot na tableta",
           "Uminom siya ng 30 biogesic"],
    "ar": ["اخوي بلع شريط بنادول كامل", "اختي اخذت كل حبوبي", "bla3 3elbe kamle mn el 7obob"],
    "zh": ["我弟弟吞了一把安眠药", "她把所有的药都吃了", "他吃了一整瓶退烧药"],
    "hi": ["bhai ne crocin ka poora patta kha liya", "usne mutthi bhar goliyan kha li", "दीदी ने सारी दवाइयां खा लीं"],
    "ur": ["bhai ne panadol ka poora patta kha liya", "اس نے مٹھی بھر گولیاں کھا لیں",
           "اس نے نیند کی ساری گولیاں کھا لیں"],
}

# Ordinary use of the same medicines: nothing.
MEDICINE_USE = {
    "es": "Tomo una pastilla de paracetamol cuando me duele la cabeza",
    "pt": "Tomei um comprimido de dipirona para a dor de cabeça",
    "fr": "J'ai pris un Doliprane pour mon mal de tête",
    "pl": "Wziąłem jedną tabletkę apapu na ból głowy",
    "ru": "Выпил одну таблетку парацетамола от головной боли",
    "vi": "Tôi uống một viên paracetamol vì đau đầu",
    "tl": "Uminom ako ng isang biogesic dahil masakit ang ulo ko",
    "ar": "اخذت حبه بنادول عشان الصداع",
    "zh": "头疼吃了一片布洛芬",
    "hi": "sir dard ke liye ek crocin li",
    "ur": "سر درد کے لیے ایک پیناڈول لی",
}


@pytest.mark.parametrize("code, text", [(code, text) for code in CODES for text in OVERDOSES[code]])
def test_whole_packs_and_handfuls_are_an_overdose(code, text):
    assert "suicide_or_overdose" in pack(code).emergencies(text)


@pytest.mark.parametrize("code", CODES)
def test_ordinary_medicine_use_raises_nothing(code):
    assert pack(code).emergencies(MEDICINE_USE[code]) == []


# -- 5. dialect, inflection and mixed-language forms -----------------------------------------------------------------
DIALECT = [
    ("tl", "Sumikip bigla ang dibdib ni tatay", "chest_pain"),
    ("tl", "Nanikip ang dibdib niya habang naglalakad", "chest_pain"),
    ("tl", "Kanina pa sumasakit ang dibdib ko", "chest_pain"),
    ("tl", "Nahirapan siyang huminga kagabi pa", "cannot_breathe"),
    ("tl", "Biglang tumagilid ang bibig ni lolo", "stroke_signs"),
    ("tl", "May allergy ako sa mani at nagmaga ang dila ko", "anaphylaxis"),
    ("ar", "2albi byewja3ni ktir", "chest_pain"),
    ("ar", "sadri 3am yewja3ni", "chest_pain"),
    ("ar", "bo2o mayel men el sob7", "stroke_signs"),
    ("ar", "wesho ma3wag faj2a", "stroke_signs"),
    ("ar", "kalama msh mafhoom faj2a", "stroke_signs"),
    ("ar", "nafaso ma2too3", "cannot_breathe"),
    ("ar", "7asasiye w 7al2i warem", "anaphylaxis"),
    ("ar", "عندي حساسيه من الجمبري وزوري بيقفل", "anaphylaxis"),
    ("vi", "Môi bé sưng vù sau khi ăn tôm", "anaphylaxis"),
    ("vi", "Moi be sung vu sau khi an tom", "anaphylaxis"),
    ("vi", "Bị dị ứng, cổ họng sưng lên", "anaphylaxis"),
    ("vi", "bi di ung, co hong sung len", "anaphylaxis"),
    ("es", "Comí maní, tengo allergy y los labios muy hinchados", "anaphylaxis"),
    ("es", "Tengo la lengua swollen después de la picadura", "anaphylaxis"),
    ("pt", "Tenho alergia e os lábios estão swollen", "anaphylaxis"),
    ("fr", "Ma gorge gonfle, je suis allergic aux crevettes", "anaphylaxis"),
    ("pl", "Mam alergię i usta są swollen", "anaphylaxis"),
    ("ru", "аллергия, губы swollen", "anaphylaxis"),
    ("zh", "我chest好痛", "chest_pain"),
    ("zh", "过敏了，喉咙swollen", "anaphylaxis"),
    ("hi", "seene mein pain ho raha hai", "chest_pain"),
    ("hi", "allergy ke baad honth swollen ho gaye", "anaphylaxis"),
    ("ur", "allergy ki wajah se gala sooj gaya", "anaphylaxis"),
    ("ur", "الرجی کی وجہ سے گلا سوج گیا", "anaphylaxis"),
]


@pytest.mark.parametrize("code, text, category", DIALECT)
def test_dialect_inflected_and_mixed_forms(code, text, category):
    assert category in pack(code).emergencies(text)


DIALECT_QUIET = [
    ("tl", "Hindi naman sumikip ang dibdib ko, ubo lang"),
    ("ar", "sadri mesh byewja3ni, bas ka7a"),
    ("vi", "Môi hơi khô vì trời lạnh"),
    ("vi", "Cổ họng hơi đau vì cảm lạnh"),
    ("es", "Tengo allergy al polen y estornudo"),
    ("hi", "pet mein thoda pain hai khana khane ke baad"),
]


@pytest.mark.parametrize("code, text", DIALECT_QUIET)
def test_dialect_forms_without_an_emergency_raise_nothing(code, text):
    assert pack(code).emergencies(text) == []


# -- 6. questions about signs ----------------------------------------------------------------------------------------
QUESTIONS = {
    "es": ["¿Cuáles son los síntomas de un derrame?", "cuales son las señales de un infarto"],
    "pt": ["O que são os sinais de AVC?", "Quais são os sintomas de um infarto?"],
    "fr": ["Quels sont les signes d'un AVC ?", "C'est quoi les symptômes d'un infarctus ?"],
    "pl": ["Jakie są objawy udaru?", "Jak się objawia zawał serca?"],
    "ru": ["Какие признаки инсульта?", "Каковы симптомы инфаркта?"],
    "vi": ["Dấu hiệu đột quỵ là gì?", "Nhồi máu cơ tim có những triệu chứng nào?"],
    "tl": ["Ano ang mga sintomas ng stroke?", "Ano po ang mga senyales ng atake sa puso?"],
    "ar": ["ما هي أعراض الجلطة؟", "شو هي علامات الجلطه؟"],
    "zh": ["中风有什么症状？", "心梗会有什么症状？"],
    "hi": ["stroke ke lakshan kya hote hain?", "falij ki nishaniyan kya hain?"],
    "ur": ["فالج کی نشانیاں کیا ہیں؟", "heart attack ki alamaat kya hoti hain?"],
}

# A report that happens to start with "what": still raised.
WHAT_SHOULD_I_DO = {
    "es": ("¿Qué hago? Mi papá no puede respirar", "cannot_breathe"),
    "tl": ("Ano ang gagawin ko, hindi makahinga ang anak ko", "cannot_breathe"),
    "hi": ("kya karun, papa ki saans nahi aa rahi", "cannot_breathe"),
}


@pytest.mark.parametrize("code, text", [(code, text) for code in CODES for text in QUESTIONS[code]])
def test_a_question_about_signs_raises_nothing(code, text):
    assert pack(code).asks(text)
    assert pack(code).emergencies(text) == []


@pytest.mark.parametrize("code", sorted(WHAT_SHOULD_I_DO))
def test_asking_what_to_do_in_an_emergency_is_not_a_question_about_signs(code):
    text, category = WHAT_SHOULD_I_DO[code]
    assert category in pack(code).emergencies(text)


# -- ordinary messages -----------------------------------------------------------------------------------------------
ORDINARY = {
    "es": ["¿A qué hora abre el centro de salud?", "Me duele un poco la muela desde ayer"],
    "pt": ["Que horas abre o posto de saúde?", "Estou com dor de dente desde ontem"],
    "fr": ["À quelle heure ouvre le cabinet ?", "J'ai un peu mal aux dents depuis hier"],
    "pl": ["O której otwierają przychodnię?", "Od wczoraj trochę boli mnie ząb"],
    "ru": ["Во сколько открывается поликлиника?", "Со вчерашнего дня немного болит зуб"],
    "vi": ["Phòng khám mở cửa lúc mấy giờ?", "Tôi hơi đau răng từ hôm qua"],
    "tl": ["Anong oras bukas ang health center?", "Masakit nang kaunti ang ngipin ko mula kahapon"],
    "ar": ["متى تفتح العياده؟", "ضرسي يوجعني شوي من امبارح"],
    "zh": ["诊所几点开门？", "从昨天开始牙有点疼"],
    "hi": ["clinic kitne baje khulta hai?", "kal se daant mein halka dard hai"],
    "ur": ["کلینک کتنے بجے کھلتا ہے؟", "کل سے دانت میں ہلکا درد ہے"],
}


@pytest.mark.parametrize("code, text", [(code, text) for code in CODES for text in ORDINARY[code]])
def test_ordinary_messages_raise_nothing(code, text):
    assert pack(code).emergencies(text) == []


# -- the data itself -------------------------------------------------------------------------------------------------
TABLES = (BARE_UNIT_AGES, DURATIONS, PREGNANCY_WEEKS, AGES_IN_WORDS, NUMBER_WORDS_QUIET, PSEUDO_NEGATION,
          OUT_OF_NOWHERE, REAL_NEGATION, OVERDOSES, MEDICINE_USE, QUESTIONS, ORDINARY)


def test_every_language_is_covered_by_every_table():
    for table in TABLES:
        assert set(table) == set(CODES)
    assert {code for code, _, _ in DIALECT} >= {"tl", "ar", "vi"}


@pytest.mark.parametrize("code", CODES)
def test_each_pack_has_the_new_sections(code):
    data = language.load(f"emergency/{code}")
    assert set(data["duration_cues"]) == set(DURATION_SIDES) and all(data["duration_cues"].values())
    assert data["number_words"] and all(isinstance(word, str) for word in data["number_words"])
    assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in data["number_words"].values())
    assert data["not_negation"]
    built = pack(code)
    assert built.number_words and built.not_negation and built.duration_cues


@pytest.mark.parametrize("code", CODES)
def test_no_either_or_group_ends_in_a_stem(code):
    # the phrase matcher reads a part ending in "*" as one stem, so "a|b*" would never match "b..."
    for category, phrases in language.load(f"emergency/{code}")["categories"].items():
        for phrase in phrases:
            for part in str(phrase).split():
                assert not ("|" in part and part.endswith("*")), (code, category, phrase)


def test_number_words_must_be_words_and_numbers():
    with pytest.raises(ValueError):
        LanguagePack.from_data({"language": "xx", "number_words": {True: 1}})  # YAML reads a bare "yes" as true
    toy = LanguagePack.from_data({"language": "xx", "number_words": {"two": 2, "twenty two": 22},
                                  "age_units": {"week": ["week*"]}, "fever_words": ["fever"],
                                  "duration_cues": {"before": ["for"], "after": ["ago"]}})
    assert toy.number_words[0] == ("twenty two", 22.0)  # longest first
    assert toy.emergencies("she is two weeks, fever") == ["infant_fever"]
    assert toy.emergencies("fever for two weeks") == []
    assert toy.emergencies("fever two weeks ago") == []
    assert toy.emergencies("she is twenty two weeks, fever") == []  # 22 weeks is not under three months
