"""Site + finding frames and age units in the other-language emergency packs (knowledge/language/emergency).

Each frame sentence below is worded so that no phrase in the pack's own ``categories:`` lists catches it: the test
builds the pack a second time without its ``frames:`` and checks that the category is then missed, so a passing
test shows the frame is what raised it. A frame may also need a word elsewhere in the message (throat or face
swelling counts as anaphylaxis only next to an allergy or an allergen). The quiet sentences are ordinary messages (a
negated finding, a past illness, a question about signs, a mild cold with a duration in weeks) that must raise
nothing. Sentences are our own.
"""

from __future__ import annotations


import pytest

from assistant.understanding.languages import AGE_WINDOW, EMERGENCY_CATEGORIES, LanguagePack
from knowledge import language
from tests.fixtures.language import language_pack as pack

FRAMED = ("chest_pain", "cannot_breathe", "stroke_signs", "severe_bleeding", "unconscious_or_fitting", "anaphylaxis")

# language -> category -> a sentence only the frame recognises
FRAME_HITS: dict[str, dict[str, str]] = {
    "es": {
        "chest_pain": "Siento que algo me aplasta aquí en medio del pecho",
        "cannot_breathe": "El aire casi no le entra y está jadeando",
        "stroke_signs": "A mi papá se le ve la boca como torcida hacia un lado",
        "severe_bleeding": "La sangre de la pierna ya empapó dos toallas",
        "unconscious_or_fitting": "La muevo y le hablo pero ya no abre los ojos",
        "anaphylaxis": "Comió camarones y ahora tiene los labios muy hinchadísimos",
    },
    "pt": {
        "chest_pain": "Parece que tem um elefante sentado aqui no peito",
        "cannot_breathe": "A respiração dele está muito ofegante",
        "stroke_signs": "A boca do meu pai de repente entortou para a direita",
        "severe_bleeding": "O sangue está saindo em jato do corte no braço",
        "unconscious_or_fitting": "Belisquei o braço dele e ele não abre mais os olhos",
        "anaphylaxis": "Comeu amendoim e os lábios estão estufados",
    },
    "fr": {
        "chest_pain": "J'ai comme un étau autour de la poitrine",
        "cannot_breathe": "Elle respire et ses côtes se creusent à chaque fois",
        "stroke_signs": "Le coin de la bouche de mon père est tombant depuis ce matin",
        "severe_bleeding": "Le sang jaillit de la plaie de sa jambe",
        "unconscious_or_fitting": "Je le secoue mais il ne répond à rien",
        "anaphylaxis": "Après la piqûre sa langue a doublé de volume",
    },
    "pl": {
        "chest_pain": "Czuję jakby mi ktoś położył kamień na mostku",
        "cannot_breathe": "Dziecko łapczywie chwyta powietrze ustami",
        "stroke_signs": "Usta ma nagle przekrzywione na jedną stronę",
        "severe_bleeding": "Z rany na nodze krew chlusta strumieniem",
        "unconscious_or_fitting": "Leży na podłodze i ma oczy w słup",
        "anaphylaxis": "Po użądleniu język robi się coraz większy",
    },
    "ru": {
        "chest_pain": "Как будто плита лежит на груди",
        "cannot_breathe": "Ребенок судорожно хватает ртом воздух",
        "stroke_signs": "У папы рот вдруг съехал набок",
        "severe_bleeding": "Полотенце уже насквозь пропиталось кровью",
        "unconscious_or_fitting": "Тормошу его а он не открывает глаза",
        "anaphylaxis": "После укуса пчелы язык стал огромным",
    },
    "vi": {
        "chest_pain": "Xương ức đau buốt từ sáng",
        "cannot_breathe": "Nhịp thở của bé rất nặng nhọc",
        "stroke_signs": "Tay trái của mẹ không nhấc lên được",
        "severe_bleeding": "Máu thấm ướt đẫm cả khăn",
        "unconscious_or_fitting": "Gọi tên mãi mà bà không mở mắt",
        "anaphylaxis": "Môi dưới phù lên sau khi ăn đậu phộng",
    },
    "tl": {
        "chest_pain": "Yung dibdib ko parang dinudurog",
        "cannot_breathe": "Lumulubog ang tadyang ng baby kapag humihinga",
        "stroke_signs": "Biglang naging tabingi ang ngiti ni papa",
        "severe_bleeding": "Basang-basa na ng dugo ang tuwalya",
        "unconscious_or_fitting": "Niyuyugyog namin siya pero hindi dumidilat",
        "anaphylaxis": "Kumain ng mani at lumalaki ang dila niya",
    },
    "ar": {
        "chest_pain": "صدري فيه نغزه قويه من الصبح",
        "cannot_breathe": "تنفسه صعب جدا ويشهق",
        "stroke_signs": "tomo fag2a sar mayel",
        "severe_bleeding": "الدم من الجرح ينط زي النافوره",
        "unconscious_or_fitting": "هزيته اكثر من مره بس ما بيرد",
        "anaphylaxis": "لسانه قاعد يكبر بعد القرصه",
    },
    "zh": {
        "chest_pain": "胸口像被大石头压住了",
        "cannot_breathe": "宝宝吸气的时候肋骨凹陷",
        "stroke_signs": "妈妈说话突然含含糊糊的",
        "severe_bleeding": "毛巾都被血浸透了",
        "unconscious_or_fitting": "她倒地后眼睛发直",
        "anaphylaxis": "吃了花生以后嘴唇越来越大",
    },
    "hi": {
        "chest_pain": "seene mein aisa lag raha hai jaise koi baitha ho",
        "cannot_breathe": "papa ki saans ghut rahi hai",
        "stroke_signs": "baya haath achanak bejaan ho gaya",
        "severe_bleeding": "खून से पूरा तौलिया भीग गया",
        "unconscious_or_fitting": "वो फर्श पर पड़े हैं और कोई हरकत नहीं",
        "anaphylaxis": "peanut khane ke baad honth mote ho gaye",
    },
    "ur": {
        "chest_pain": "سینے پر جیسے پتھر رکھا ہو",
        "cannot_breathe": "پھیپھڑوں میں ہوا نہیں آ رہی",
        "stroke_signs": "ammi ka munh achanak tirchha ho gaya",
        "severe_bleeding": "zakhm se khoon ka fawwara nikal raha hai",
        "unconscious_or_fitting": "hum ne bohat hilaya par koi harkat nahi",
        "anaphylaxis": "moongphali khane ke baad honth mote ho gaye",
    },
}

# A baby a few weeks old with a fever or a hot reading, said with a number of weeks.
WEEKS_AND_FEVER = {
    "es": "Mi niña tiene 5 semanitas y tiene fiebre",
    "pt": "Minha filha tem 5 semaninhas e está com febre",
    "fr": "Mon fils a 3 semaines de vie et il a 38,5",
    "pl": "Moja 3-tygodniowa córka ma gorączkę od rana",
    "ru": "У моей 6-недельной дочки температура 38,4",
    "vi": "Con tôi 6 tuần tuổi bị sốt 38,5",
    "tl": "Ang anak ko ay 5 linggo pa lang at may lagnat",
    "ar": "بنتي عمرها ٦ اسابيع وحرارتها ٣٨",
    "zh": "我女儿6周大，发烧了",
    "hi": "meri 5 hafte ki beti ko bukhar hai",
    "ur": "meri 5 hafte ki beti ko bukhar hai",
}

# Where the age unit alone makes the baby young (no baby word, no infant phrase): missed without age_units.
ONLY_AGE_UNITS = {
    "es": "Mi niña tiene 5 semanitas y tiene fiebre",
    "pt": "Minha filha tem 5 semaninhas e está com febre",
    "pl": "Moja 3-tygodniowa córka ma gorączkę od rana",
    "ru": "У моей 6-недельной дочки температура 38,4",
    "zh": "20天的孩子今天发烧了",
}

# Ordinary messages: negated finding, past illness, a question about signs, a mild cold lasting weeks, and more.
QUIET = {
    "es": ["No siento ninguna opresión en el pecho, solo tos",
           "El año pasado tuve un dolor que me aplastaba el pecho, ya estoy bien",
           "¿Cuáles son los síntomas de un derrame cerebral? La cara torcida, ¿verdad?",
           "Tengo tos desde hace 2 semanas y un poco de fiebre",
           "Me hicieron un análisis de sangre porque vomito después de comer",
           "Hace 2 meses tuve fiebre y tos, ya se me quitó",
           "Después de 2 semanas de tos ahora tengo fiebre"],
    "pt": ["Não sinto aperto nenhum no peito, só tosse",
           "Ano passado tive uma pontada forte no peito, mas já estou bem",
           "Quais são os sinais de AVC? Boca torta, né?",
           "Estou com tosse há 2 semanas e um pouco de febre",
           "Estou meio enrolada, falo com o médico amanhã",
           "Depois de 10 dias de antibiótico continuo com febre"],
    "fr": ["Je n'ai aucune oppression dans la poitrine, juste un peu de toux",
           "Il y a deux ans j'ai eu une douleur qui m'écrasait la poitrine, maintenant ça va",
           "Quels sont les signes d'un AVC ? La bouche de travers ?",
           "Je tousse depuis 2 semaines avec un peu de fièvre",
           "J'ai la bouche pâteuse le matin au réveil",
           "Il a de la toux depuis 2 jours et de la fièvre"],
    "pl": ["Nie czuję żadnego ucisku w klatce piersiowej, tylko kaszel",
           "Rok temu miałem gniecenie za mostkiem, teraz wszystko dobrze",
           "Jakie są objawy udaru? Krzywa twarz?",
           "Kaszlę od 2 tygodni i mam lekką gorączkę",
           "W mieszkaniu brakuje świeżego powietrza, muszę wywietrzyć",
           "Po 10-dniowej kuracji antybiotykiem nadal mam gorączkę"],
    "ru": ["Никакой тяжести в груди нет, только кашель",
           "Год назад у меня сжимало в груди, сейчас всё нормально",
           "Какие признаки инсульта? Перекос лица?",
           "Кашляю 2 недели и небольшая температура",
           "Упал с велосипеда и ободрал колено, немного крови",
           "После 10-дневного курса антибиотиков всё ещё температура"],
    "vi": ["Tôi không hề tức ngực, chỉ ho",
           "Năm ngoái tôi bị đau thắt ngực, bây giờ khỏe rồi",
           "Dấu hiệu của đột quỵ là gì? Méo miệng phải không?",
           "Tôi ho 2 tuần nay và sốt nhẹ",
           "Xoa dầu gió lên ngực cho bé bị ho"],
    "tl": ["Hindi naman naninikip ang dibdib ko, ubo lang",
           "Noong isang taon sumikip ang dibdib ko, okay na ako ngayon",
           "Ano ang mga sintomas ng stroke? Tabingi ang mukha?",
           "May ubo ako ng 2 linggo at konting lagnat",
           "Nanghihina ang katawan ko dahil sa trangkaso"],
    "ar": ["ما في اي كتمه بصدري، بس كحه خفيفه",
           "السنه الماضيه كان عندي ثقل في الصدر والحين زين",
           "ما هي اعراض الجلطه؟ الوجه المايل؟",
           "عندي كحه من اسبوعين وحراره خفيفه",
           "ضغط الدم عندي عالي شوي"],
    "zh": ["胸口一点也不闷，就是有点咳嗽",
           "去年我胸口痛得厉害，现在已经好了",
           "中风有哪些症状？嘴歪吗？",
           "我咳嗽两周了，有点低烧",
           "我儿子6周岁，发烧38度，精神还好",
           "我3天大便一次，今天发烧38度"],
    "hi": ["seene mein koi jakdan nahi hai, bas khansi hai",
           "pichle saal seene mein bhaaripan tha, ab theek hoon",
           "stroke ke lakshan kya hain? chehra tedha hota hai kya?",
           "mujhe 2 hafte se khansi aur halka bukhar hai",
           "mujhe 2 hafte ka bukhar hai, dawai chal rahi hai",
           "mujhe 3 din ka bukhar hai"],
    "ur": ["seene mein koi jakran nahi hai, bas khansi hai",
           "pichle saal seene mein bhaaripan tha, ab theek hoon",
           "stroke ki alamat kya hain? chehra tedha hota hai?",
           "mujhe 2 hafte se khansi aur halka bukhar hai",
           "3 mahine ki dawai ke baad bhi bukhar aata hai"],
}




def test_every_language_is_covered_here():
    assert set(FRAME_HITS) == set(language.emergency_languages()) == set(WEEKS_AND_FEVER) == set(QUIET)


@pytest.mark.parametrize("code", sorted(FRAME_HITS))
def test_each_pack_frames_the_six_categories_and_has_age_units(code):
    data = language.load(f"emergency/{code}")
    assert set(data["frames"]) == set(FRAMED)
    assert set(FRAMED) <= set(EMERGENCY_CATEGORIES)
    for category, frames in data["frames"].items():
        for frame in [frames] if isinstance(frames, dict) else frames:  # one frame, or a list of them
            assert frame["site"] and frame["finding"], (code, category)
            assert set(frame) <= {"site", "finding", "needs"}, (code, category)
    assert set(data["age_units"]) == {"day", "week", "month"}
    assert all(data["age_units"][unit] for unit in ("day", "week", "month"))
    for unit, words in pack(code).age_units.items():  # a unit is looked for in the AGE_WINDOW characters after a number
        assert all(len(word.rstrip("*")) <= AGE_WINDOW and "*" not in word.rstrip("*") for word in words), (code, unit)


@pytest.mark.parametrize("code, category, text",
                         [(code, category, text) for code, hits in sorted(FRAME_HITS.items())
                          for category, text in hits.items()])
def test_a_frame_raises_what_no_phrase_catches(code, category, text):
    assert category in pack(code).emergencies(text)
    assert category not in pack(code, without="frames").emergencies(text)


@pytest.mark.parametrize("code", sorted(FRAME_HITS))
def test_every_framed_category_has_a_sentence_here(code):
    assert set(FRAME_HITS[code]) == set(FRAMED)


@pytest.mark.parametrize("code, text", sorted(WEEKS_AND_FEVER.items()))
def test_a_baby_weeks_old_with_fever_is_infant_fever(code, text):
    assert "infant_fever" in pack(code).emergencies(text)


@pytest.mark.parametrize("code, text", sorted(ONLY_AGE_UNITS.items()))
def test_the_age_unit_is_what_makes_the_baby_young(code, text):
    assert "infant_fever" in pack(code).emergencies(text)
    assert "infant_fever" not in pack(code, without="age_units").emergencies(text)


@pytest.mark.parametrize("code, text", [(code, text) for code, texts in sorted(QUIET.items()) for text in texts])
def test_ordinary_messages_raise_nothing(code, text):
    assert pack(code).emergencies(text) == []


# Throat or face swelling next to an allergy or an allergen is anaphylaxis (through the frame with ``needs`` or
# the pack's phrases); neck or throat swelling with no allergy word (mumps, a cold) raises nothing.
ALLERGY_SWELLING: dict[str, tuple[str, str]] = {
    "es": ("Soy alérgica a los mariscos y se me está hinchando toda la carita",
           "Tengo el cuello un poco hinchado por las paperas"),
    "pt": ("Comeu amendoim, é alérgico, e o rosto inchou inteiro",
           "O pescoço está inchado do lado esquerdo desde ontem"),
    "fr": ("Il est allergique aux noix et son visage gonfle à vue d'oeil", "J'ai le cou un peu gonflé avec ce rhume"),
    "pl": ("Ma alergię na orzechy i twarz mu spuchła w kilka minut", "Szyja trochę spuchnięta od przeziębienia"),
    "ru": ("У него аллергия на креветки, лицо резко опухло", "Шея немного опухла после простуды"),
    "vi": ("Bé dị ứng hải sản, khuôn mặt sưng phù lên", "Cổ bé hơi sưng do quai bị"),
    "tl": ("May allergy siya sa hipon at nagmamaga ang mukha niya", "Medyo maga ang leeg ko dahil sa beke"),
    "ar": ("عنده حساسيه من المكسرات ووجهه صار منتفخ", "رقبتي منتفخه شوي من الرشح"),
    "zh": ("他对虾过敏，现在整个脸都肿起来了", "感冒以后脖子有点肿"),
    "hi": ("use moongfali se allergy hai aur chehra sooj gaya", "gale mein halki soojan hai zukaam ki wajah se"),
    "ur": ("usay moongphali se allergy hai aur chehra sooj gaya", "gale mein halki soojan hai nazle ki wajah se"),
}


@pytest.mark.parametrize("code", sorted(ALLERGY_SWELLING))
def test_throat_or_face_swelling_with_an_allergy_is_anaphylaxis(code):
    with_allergy, without = ALLERGY_SWELLING[code]
    assert "anaphylaxis" in pack(code).emergencies(with_allergy)
    assert pack(code).emergencies(without) == []


def test_every_language_has_an_allergy_swelling_pair():
    assert set(ALLERGY_SWELLING) == set(language.emergency_languages())


def test_a_frame_with_needs_wants_one_of_them_in_the_message():
    toy = LanguagePack.from_data({"language": "xx", "negation": ["no"], "frames": {"anaphylaxis": [
        {"site": ["lips"], "finding": ["big"]},
        {"site": ["throat"], "finding": ["tight"], "needs": ["allergy", "peanut*"]}]}})
    assert toy.emergencies("lips very big") == ["anaphylaxis"]  # a frame without needs
    assert toy.emergencies("ate peanuts, throat tight") == ["anaphylaxis"]
    assert toy.emergencies("throat tight after shouting") == []  # no allergy word
    assert toy.emergencies("no allergy, throat tight") == []  # the needed word is negated
