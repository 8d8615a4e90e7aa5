#!/usr/bin/env python3
"""Helpers for dictionary_vs_fast_align.sh (standard library only).

prepare OUT_DIR           tokenized corpora from ../shared/data: punctuation split off as in RealDataTests, pairs with
                          an empty side dropped, so both tools read identical tokens: m30k.{de,en} (Multi30k train),
                          m30k4.{de,en} (the same four times), tat.{de,en} (Tatoeba), and NAME.fa ("de ||| en" lines).
lex DE EN ALIGN OUT.tsv   Moses-style lexical table over symmetrised "i-j" links: p(t|s) = count(s,t) / count(s), an
                          unaligned source word counting once against NULL; best first, ties by ordinal target.
score DE OURS.tsv FA.tsv FREEDICT [N=500]
                          P@1 of both tables against FreeDict on the N most frequent German FreeDict headwords that
                          contain a letter, and top-1 agreement on the N most frequent German words with a letter.
"""
import collections, gzip, json, os, re, sys

PUNCT = re.compile(r'([.,!?;:"„“”«»()¡¿])')


def tok(text):
    return ' '.join(PUNCT.sub(r' \1 ', text).split())


def write(out, name, pairs):
    pairs = [(d, e) for d, e in pairs if d and e]
    with open(os.path.join(out, name + '.de'), 'w', encoding='utf-8') as de, \
         open(os.path.join(out, name + '.en'), 'w', encoding='utf-8') as en, \
         open(os.path.join(out, name + '.fa'), 'w', encoding='utf-8') as fa:
        for d, e in pairs:
            de.write(d + '\n'); en.write(e + '\n'); fa.write(d + ' ||| ' + e + '\n')


def prepare(out):
    data = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data')
    read = lambda p: [l.rstrip('\n') for l in gzip.open(os.path.join(data, p), 'rt', encoding='utf-8')]
    m30k = [(tok(d), tok(e)) for d, e in zip(read('multi30k/train.de.gz'), read('multi30k/train.en.gz'))]
    write(out, 'm30k', m30k)
    write(out, 'm30k4', m30k * 4)
    tat = [l.split('\t') for l in read('tatoeba/eng-deu.tsv.gz')]
    write(out, 'tat', [(tok(f[1]), tok(f[0])) for f in tat if len(f) == 2])


def lex(de_path, en_path, align_path, out):
    pair, total = collections.Counter(), collections.Counter()
    with open(de_path, encoding='utf-8') as de, open(en_path, encoding='utf-8') as en, open(align_path) as al:
        for d, e, a in zip(de, en, al):
            d, e = d.split(), e.split()
            aligned = set()
            for link in a.split():
                i, j = map(int, link.split('-'))
                pair[d[i], e[j]] += 1; total[d[i]] += 1; aligned.add(i)
            for i, w in enumerate(d):
                if i not in aligned: total[w] += 1
    rows = collections.defaultdict(list)
    for (s, t), c in pair.items(): rows[s].append((t, c))
    with open(out, 'w', encoding='utf-8') as f:
        for s, cands in rows.items():
            cands.sort(key=lambda tc: (-tc[1], tc[0].encode('utf-16-be')))
            for r, (t, c) in enumerate(cands[:10], 1):
                f.write(f'{s}\t{t}\t{r}\t{c / total[s]!r}\n')


def top1(path):
    best = {}
    for line in open(path, encoding='utf-8'):
        s, t, r, _ = line.rstrip('\n').split('\t')
        if r == '1': best[s] = t
    return best


def freedict(path):
    """German headword -> lower-cased English translations (the reading RealDataTests uses)."""
    result, current = {}, None
    head = re.compile(r'^(\S[^<]*?) /[^/<]*/')
    for line in gzip.open(path, 'rt', encoding='utf-8'):
        line = line.rstrip('\n')
        if not line: current = None; continue
        m = head.match(line)
        if m:
            current = result.setdefault(m.group(1).strip(), set()); continue
        if current is None: continue
        text = line.strip()
        if text.startswith(('Synonyms:', 'Note:', 'see:', '"')): continue
        text = re.sub(r'\[[^\]]*\]|\([^)]*\)|\{[^}]*\}', ' ', text)
        for part in re.split(r'[,;]', text):
            part = part.strip()
            if not part: continue
            cut = min([k for k in (part.find('<'), part.find('/')) if k >= 0], default=len(part))
            phrase = re.sub(r'\s+', ' ', part[:cut].lower()).strip()
            if not phrase: continue
            current.add(phrase)
            for particle in ('to ', 'the ', 'a ', 'an '):
                if phrase.startswith(particle): current.add(phrase[len(particle):])
    return result


def score(de_path, ours_path, fa_path, dict_path, n=500):
    freq = collections.Counter(w for l in open(de_path, encoding='utf-8') for w in l.split())
    ranked = sorted((w for w in freq if any(c.isalpha() for c in w)), key=lambda w: (-freq[w], w.encode('utf-16-be')))
    fd = freedict(dict_path)
    headwords = [w for w in ranked if w in fd][:n]
    ours, fa = top1(ours_path), top1(fa_path)
    p1 = lambda table: sum(1 for w in headwords if table.get(w, '').lower() in fd[w]) / len(headwords)
    frequent = ranked[:n]
    agree = sum(1 for w in frequent if ours.get(w) == fa.get(w)) / len(frequent)
    disagree = [f'{w}:{ours.get(w)}/{fa.get(w)}' for w in frequent if ours.get(w) != fa.get(w)]
    print(json.dumps({'p_at_1_ours': round(p1(ours), 4), 'p_at_1_fast_align': round(p1(fa), 4),
                      'top1_agreement': round(agree, 4), 'words': len(headwords), 'disagreements': disagree[:40]},
                     ensure_ascii=False))


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'prepare': prepare(*args)
    elif cmd == 'lex': lex(*args)
    elif cmd == 'score': score(*args[:4], *(int(a) for a in args[4:]))
    else: sys.exit(__doc__)
