"""Translation statistics from sentence co-occurrence, independent of the C# tool's word aligner.

Both the known-answer models (build_known_answer_models.py) and the demo fine-tuning
(tune_demo_alignment.py) need to know which words translate which, and that knowledge must not come
from the aligner whose dictionary CALIGN then uses, or the check would be circular. Here a word pair's
association is the Dice coefficient of the sentence pairs it occurs in:

    dice(s, t) = 2 * pairs(s and t) / (pairs(s) + pairs(t))

counted once per sentence pair however often a word repeats in it. Dice is 1 for words that always
occur together and near 0 for a frequent word beside a rare one, so function words do not become
everyone's translation (which plain conditional probabilities allow).
"""

from collections import Counter


class Cooccurrence:
    """Sentence-level counts over a list of (source words, target words) pairs."""

    def __init__(self, pairs):
        self.source = Counter()
        self.target = Counter()
        self.joint = Counter()
        for source_words, target_words in pairs:
            s_types, t_types = set(source_words), set(target_words)
            self.source.update(s_types)
            self.target.update(t_types)
            for s in s_types:
                for t in t_types:
                    self.joint[(s, t)] += 1
        self._partners = None

    def dice(self, s, t):
        both = self.joint.get((s, t), 0)
        return 0.0 if both == 0 else 2.0 * both / (self.source[s] + self.target[t])

    def best_source(self, min_dice, min_joint):
        """target word -> (its best source word, dice) when that dice >= min_dice and the two share at
        least min_joint sentence pairs; ties by ordinal order of the source word (deterministic)."""
        best = {}
        for (s, t), both in self.joint.items():
            if both < min_joint:
                continue
            d = 2.0 * both / (self.source[s] + self.target[t])
            if d < min_dice:
                continue
            current = best.get(t)
            if current is None or d > current[1] or (d == current[1] and s < current[0]):
                best[t] = (s, d)
        return best

    def links(self, source_words, target_words, min_dice):
        """Word links inside one sentence pair: positions (i, j) whose words are each other's best
        partner in this pair by dice (mutual best), dice >= min_dice, first occurrence of each word."""
        first_s, first_t = {}, {}
        for i, w in enumerate(source_words):
            first_s.setdefault(w, i)
        for j, w in enumerate(target_words):
            first_t.setdefault(w, j)
        best_for_s, best_for_t = {}, {}
        for s in first_s:
            for t in first_t:
                d = self.dice(s, t)
                if d < min_dice:
                    continue
                if d > best_for_s.get(s, (None, -1.0))[1]:
                    best_for_s[s] = (t, d)
                if d > best_for_t.get(t, (None, -1.0))[1]:
                    best_for_t[t] = (s, d)
        return sorted((first_s[s], first_t[t]) for s, (t, _) in best_for_s.items() if best_for_t[t][0] == s)
