"""English given names and their familiar and foreign forms: Bill is William, Jack is John.

A record of an English-speaking country writes a man as "Thomas" in one register and "Tom" in
another, or in the form of another language ("Jean", "Ian", "Sean" for John). Their letters
share nothing a key or a string distance can see, so the forms of one name are listed here.
The table was written for Sijill from common knowledge of English naming (no list was copied);
each line is a name followed by its familiar and foreign forms. Some forms belong to several
names (Ned: Edward and Edmund), so a form maps to every name it is listed under.

Only Latin-script given names of records without an Arabic spelling are looked up (see
`features`): Arabic names and their transliterations have their own key and vowel rules. Forms
that are also Arabic names or their usual transliterations (Adam, Sara, Mariam, Sami, Adel, Ali,
Hana, Lina, Nora, Rima) are left out on purpose.
"""

from __future__ import annotations

from functools import lru_cache

_GROUPS = """
abraham abe abram
albert al bert bertie
alexander alex alec alick sandy sandie alastair alistair alasdair alexandre alessandro alejandro
alfred alf alfie fred freddie freddy
alice alison alicia ally
ambrose brose
andrew andy drew andreas andre andrea
ann anne anna annie nan nancy nanny hannah
anthony tony antony anton antonio antoine
archibald archie archy baldie
arthur art artie arty
augustus gus augustine austin august
barbara babs barbie
bartholomew bart bat
benjamin ben benny benjy bennie
bernard bernie barney bernhard
catherine katherine kathryn catharine kate katie katy kathy cathy kitty kit kay cate caitlin katharine
cecilia cecily cissy cis celia
charles charlie charley chas chaz chuck carl karl carlo carlos charlot
charlotte lottie lotty charlie
christopher chris kit christoph kester
christina christine chris tina kirsty kristina
clarence clare clarry
cornelius con neil corney
cuthbert cuddy bert
daniel dan danny dannie
david dave davy davie dai dafydd taffy
deborah debbie deb debra
dorothy dolly dot dottie dora
douglas doug dougie
edmund ed eddie eddy ned ted teddy edmond
edward ed eddie eddy ned ted teddy ward eduard edouard edoardo
edwin ed eddie eddy ned
eleanor ellen ellie nell nellie elinor helen
elizabeth eliza elisabeth beth bess bessie betsy betty betsey liz lizzie lizzy libby lisa elsie elspeth isabel isabella bella ilse
emily emmy em emma
ernest ernie ern ernst
esther hetty essie
eugene gene
ezekiel zeke
frances fanny fran frankie francesca
francis frank frankie fran franz francois francesco francisco
frederick fred freddie freddy fritz frederic friedrich federico
geoffrey geoff jeff jeffrey
george georgie geordie georg georges giorgio jorge
gerald gerry jerry gerard
gilbert gil bert
gregory greg gregor
harold harry hal
helen helena ellen nell nellie elaine
henry harry hal hank hendrik heinrich henri enrico harrie
herbert herb bert bertie
hugh hughie hugo huw
humphrey humph
isaac ike
isabel isabella bella belle isobel ishbel
jacob jake jakob jacques jacobus
james jim jimmy jimmie jamie jem seamus hamish jacques jaime diego iago
jane jean janet jenny jennie janey joan jeanne jeannie sheila
jeremiah jerry jem
jeremy jerry jem
john jack johnny johnnie jock jan jean ian iain sean shaun ioan evan johann johannes hans giovanni juan jon
jonathan jon jonny
joseph joe joey jos josef giuseppe jose
joshua josh
josiah joe
judith judy
katherine kate kathy kitty
lawrence laurence larry laurie lorenzo
leonard len lenny leo
lewis lou louis lew ludwig luigi luis
louisa louise lou lulu louie
luke lucas luca
margaret maggie meg peg peggy madge marge margie greta gretchen daisy marjorie marjory maisie margery mag
maria mary marie mae may molly polly mamie mimi moll
martha patty mattie marty
martin marty
matilda tilly tilda maud maude
matthew matt mat matthias
michael mike mick micky mickey mikey michel michele miguel
nathaniel nat nathan
nicholas nick nicky nicol nicolas nikolaus niccolo colin
oliver ollie noll
patrick pat paddy patsy padraig
peter pete piers pierre pietro pedro
philip phil pip philipp filippo felipe
ralph rafe
raymond ray
rebecca becky becca
reginald reg reggie rex
richard dick rick ricky rich richie dickie dicky
robert bob bobby rob robbie robin bert bertie rupert roberto
roger rodge
ronald ron ronnie
rosamund rosie rose
samuel sam sammy
sarah sally sadie sallie
sidney sid sydney
solomon sol
stephen steve stevie steven stephan stefan etienne
susan susanna susannah sue susie suzy
theodore ted teddy theo
theresa teresa tessa tess terry
thomas tom tommy thom tam tomas
timothy tim timmy
valentine val
victoria vicky tory
vincent vince vin
walter walt wally wat
wilfred wilf fred
william will willie willy bill billy bil wm liam guillaume wilhelm guglielmo
winifred winnie freda
zachariah zach zack zachary
"""


def _table() -> dict[str, frozenset[str]]:
    roots: dict[str, set[str]] = {}
    for line in _GROUPS.strip().splitlines():
        root, *forms = line.split()
        for form in (root, *forms):
            roots.setdefault(form, set()).add(root)
    return {form: frozenset(names) for form, names in roots.items()}


_ROOTS = _table()


@lru_cache(maxsize=20_000)
def given_name_roots(name: str | None) -> tuple[str, ...] | None:
    """The names this Latin given name is a form of, sorted ("ned" -> ("edmund", "edward", "edwin")).

    None when the name is not an English given name listed here.
    """
    roots = _ROOTS.get((name or "").lower())
    return tuple(sorted(roots)) if roots else None
