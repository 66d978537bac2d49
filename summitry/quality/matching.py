"""difflib's matching blocks, found faster: the same blocks as
`SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()` (without its closing dummy).

difflib finds the longest block common to both sequences (the first one in `a`, then in `b`, when several
are as long), then recurses on what lies left and right of it. Its search for the longest block costs
about the number of pairs of equal words, which for a transcript of 20,000 words ("the" 1,000 times in
each sequence) is seconds. A suffix automaton of the `b` window finds the same block in time linear in
the two windows: reading `a` word by word, it keeps the longest suffix read so far that occurs in `b`,
and each state knows the first place in `b` where its strings end.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

Block = tuple[int, int, int]  # start in a, start in b, length


def _longest_match(a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int) -> Block:
    """difflib's find_longest_match without junk: the longest a[i:i+k] == b[j:j+k] in the windows, the
    smallest i, then the smallest j, among the longest."""
    step: list[dict[Hashable, int]] = [{}]  # the suffix automaton of b[blo:bhi]
    link, length, first_end = [-1], [0], [-1]
    last = 0
    for p in range(blo, bhi):
        word = b[p]
        cur = len(length)
        step.append({})
        length.append(length[last] + 1)
        link.append(0)
        first_end.append(p)
        v = last
        while v != -1 and word not in step[v]:
            step[v][word] = cur
            v = link[v]
        if v != -1:
            q = step[v][word]
            if length[v] + 1 == length[q]:
                link[cur] = q
            else:
                clone = len(length)
                step.append(dict(step[q]))
                length.append(length[v] + 1)
                link.append(link[q])
                first_end.append(first_end[q])
                while v != -1 and step[v].get(word) == q:
                    step[v][word] = clone
                    v = link[v]
                link[q] = link[cur] = clone
        last = cur
    best: Block = (alo, blo, 0)
    v = size = 0
    for i in range(alo, ahi):
        word = a[i]
        while v and word not in step[v]:
            v = link[v]
            size = length[v]
        if word in step[v]:
            v = step[v][word]
            size += 1
        else:
            v = size = 0
        if size > best[2]:
            best = (i - size + 1, first_end[v] - size + 1, size)
    return best


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """The blocks where a and b match, in order, adjacent ones joined (as difflib gives them)."""
    found: list[Block] = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = block = _longest_match(a, alo, ahi, b, blo, bhi)
        if k:
            found.append(block)
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    joined: list[Block] = []
    for i, j, k in sorted(found):
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + k)
        else:
            joined.append((i, j, k))
    return joined
