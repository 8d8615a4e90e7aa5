"""Built-in sample text for the tiny tokenizers and the test sentences for expected.json.

Everything here is written for this project (no external corpus), so the tiny models
can be rebuilt anywhere without downloads.
"""

ENGLISH = """\
The cat sits on the mat and looks at the dog .
A man is riding a bike in the street .
Two children are playing with a ball in the park .
The woman reads a book while the man drinks coffee .
A dog runs through the grass after a red ball .
The weather is nice today , so we go for a walk .
My friend lives in a small house near the river .
We are eating bread and cheese in the kitchen .
The old man is sitting on a bench in the sun .
A group of people are standing in front of a building .
She is writing a letter to her mother .
The children are singing a song at school .
He opened the window because it was warm .
The train arrives at the station at nine o'clock .
I like to drink tea with milk in the morning .
They were walking along the beach in the evening .
The players are running on the field .
A young girl is painting a picture of a tree .
The workers are building a new bridge over the river .
Hello , world ! How are you today ?
The photographer takes pictures of the mountains .
Where is the nearest hotel , please ?
The students are reading and writing in the library .
The city is beautiful in the summer .
A black dog and a white cat are sleeping together .
"""

GERMAN = """\
Die Katze sitzt auf der Matte und schaut den Hund an .
Ein Mann fährt mit dem Fahrrad auf der Straße .
Zwei Kinder spielen mit einem Ball im Park .
Die Frau liest ein Buch , während der Mann Kaffee trinkt .
Ein Hund läuft durch das Gras hinter einem roten Ball her .
Das Wetter ist heute schön , also gehen wir spazieren .
Mein Freund wohnt in einem kleinen Haus am Fluss .
Wir essen Brot und Käse in der Küche .
Der alte Mann sitzt auf einer Bank in der Sonne .
Eine Gruppe von Menschen steht vor einem Gebäude .
Sie schreibt einen Brief an ihre Mutter .
Die Kinder singen ein Lied in der Schule .
Er öffnete das Fenster , weil es warm war .
Der Zug kommt um neun Uhr am Bahnhof an .
Ich trinke morgens gern Tee mit Milch .
Sie gingen am Abend am Strand entlang .
Die Spieler laufen über das Feld .
Ein junges Mädchen malt ein Bild von einem Baum .
Die Arbeiter bauen eine neue Brücke über den Fluss .
Hallo , Welt ! Wie geht es dir heute ?
Der Fotograf macht Fotos von den Bergen .
Wo ist das nächste Hotel , bitte ?
Die Studenten lesen und schreiben in der Bibliothek .
Die Stadt ist im Sommer schön .
Ein schwarzer Hund und eine weiße Katze schlafen zusammen .
Die Straße ist groß und die Größe der Stadt ist schön .
"""

FRENCH = """\
Le chat est assis sur le tapis et regarde le chien .
Un homme fait du vélo dans la rue .
Deux enfants jouent avec un ballon dans le parc .
La femme lit un livre pendant que l'homme boit un café .
Un chien court dans l'herbe après une balle rouge .
Il fait beau aujourd'hui , alors nous allons nous promener .
Mon ami habite dans une petite maison près de la rivière .
Nous mangeons du pain et du fromage dans la cuisine .
Le vieil homme est assis sur un banc au soleil .
Un groupe de personnes se tient devant un bâtiment .
Elle écrit une lettre à sa mère .
Les enfants chantent une chanson à l'école .
Il a ouvert la fenêtre parce qu'il faisait chaud .
Le train arrive à la gare à neuf heures .
J'aime boire du thé au lait le matin .
Ils se promenaient sur la plage le soir .
Les joueurs courent sur le terrain .
Une jeune fille peint un tableau d'un arbre .
Les ouvriers construisent un nouveau pont sur la rivière .
Bonjour , le monde ! Comment allez-vous aujourd'hui ?
Le photographe prend des photos des montagnes .
Où est l'hôtel le plus proche , s'il vous plaît ?
Les étudiants lisent et écrivent à la bibliothèque .
La ville est très belle en été .
Un chien noir et un chat blanc dorment ensemble .
Le garçon mange une pomme à la maison .
"""

# A few Arabic sentences (SentencePiece sample only).
ARABIC = """\
القطة تجلس على السجادة .
الرجل يقرأ كتابا في البيت .
الأطفال يلعبون بالكرة في الحديقة .
أنا أشرب الشاي مع الحليب في الصباح .
المدينة جميلة في الصيف .
مرحبا بالعالم ! كيف حالك اليوم ؟
الكلب يركض في العشب .
المرأة تكتب رسالة إلى أمها .
"""


def lines(*texts):
    out = []
    for t in texts:
        out.extend(l for l in t.splitlines() if l.strip())
    return out


WORDPIECE_SAMPLE = lines(ENGLISH, GERMAN, FRENCH)
SENTENCEPIECE_SAMPLE = lines(ENGLISH, GERMAN, FRENCH, ARABIC)

# The sentences of expected.json (the same lines for both tiny models). What each covers:
TEST_SENTENCES = [
    # 0 ordinary words (all whole words in the tiny WordPiece vocab)
    "The cat sits on the mat .",
    # 1 words split into several pieces; unicode words (ü, ß)
    "Fotografen überquerten große Straßen",
    # 2 punctuation attached to words (BERT splits it off; the pieces stay with the word);
    #   unicode (é, è); "(" and ")" are in neither tiny vocabulary
    "Hello, Café (très) l'école.",
    # 3 a word the tokenizer drops entirely: U+200B ZERO WIDTH SPACE alone (not whitespace
    #   for .NET or Python), then U+0007 BEL alone; both vanish in BERT's cleanup and in
    #   SentencePiece's nmt_nfkc normalization
    "a \u200b word \u0007 here",
    # 4 unknown words: Greek and Chinese characters are in neither tiny vocabulary
    "Das Wort Ωμέγα 漢字 ist unbekannt",
    # 5 Arabic (pieces for SentencePiece; [UNK] for the tiny WordPiece vocab)
    "القطة تجلس على السجادة .",
    # 6 longer than max_positions (24 incl. the 2 specials): trailing words are cut
    "The workers are building a new bridge over the river while the children are singing "
    "a song and the photographer takes pictures of the mountains in the evening .",
    # 7 mixed: French with apostrophes and hyphen, extra whitespace runs (tab, double space)
    "Comment  allez-vous\taujourd'hui ?",
]

# The target side of tiny-t5's sentence pairs in expected.json: the test sentences rotated by three, so
# every pair has sides of different lengths and the edge cases (dropped words, unknown words,
# truncation) also occur on the decoder side.
T5_TEST_TARGETS = [TEST_SENTENCES[(i + 3) % len(TEST_SENTENCES)] for i in range(len(TEST_SENTENCES))]
