import { describe, expect, it } from 'vitest';
import { aggregateDemand, ancestorsOf, type DemandProposal } from './demand.js';

const now = new Date('2026-05-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const proposal = (id: number, over: Partial<DemandProposal>): DemandProposal => ({
  id,
  kind: 'research_agenda',
  techId: null,
  proposedName: null,
  title: `P${id}`,
  authorId: 1,
  createdAt: daysAgo(1),
  ...over,
});

describe('demand signals', () => {
  it('follows lineage over several hops', () => {
    const a = ancestorsOf(
      ['c'],
      [
        { techId: 'c', predecessorId: 'b' },
        { techId: 'b', predecessorId: 'a' },
      ],
    );
    expect([...a.get('c')!].sort()).toEqual(['a', 'b']);
  });

  it('counts proposals on an item or its predecessors, supports, participants, trend and top proposals', () => {
    const r = aggregateDemand({
      items: [
        { id: 'kr2027.q', nameKo: '양자', nameEn: 'Quantum' },
        { id: 'kr2027.ai', nameKo: null, nameEn: 'AI' },
      ],
      lineage: [{ techId: 'kr2027.q', predecessorId: 'kr2025.q' }],
      proposals: [
        proposal(1, { techId: 'kr2025.q', authorId: 1 }),
        proposal(2, { techId: 'kr2027.q', authorId: 2, kind: 'regulation' }),
        proposal(3, {
          kind: 'add_technology',
          proposedName: 'Neuromorphic computing',
          techId: 'kr2025.q',
          authorId: 3,
        }),
        proposal(4, { kind: 'add_technology', proposedName: 'neuromorphic  COMPUTING', authorId: 4 }),
      ],
      votes: [
        { proposalId: 1, userId: 5, value: 1, at: daysAgo(2) },
        { proposalId: 1, userId: 6, value: 1, at: daysAgo(3) },
        { proposalId: 1, userId: 7, value: 1, at: daysAgo(40) },
        { proposalId: 2, userId: 5, value: -1, at: daysAgo(2) },
        { proposalId: 3, userId: 5, value: 1, at: daysAgo(1) },
      ],
      comments: [{ proposalId: 2, authorId: 8 }],
      now,
    });
    expect(r.technologies).toEqual([
      {
        techId: 'kr2027.q',
        nameKo: '양자',
        nameEn: 'Quantum',
        forumTechIds: ['kr2025.q', 'kr2027.q'],
        proposals: 2,
        supports: 3,
        opposes: 1,
        participants: 6, // authors 1, 2; voters 5, 6, 7; commenter 8
        recentSupports: 2,
        previousSupports: 1,
        trend: 'steady',
        top: [
          { id: 1, title: 'P1', kind: 'research_agenda', net: 3 },
          { id: 2, title: 'P2', kind: 'regulation', net: -1 },
        ],
      },
    ]);
    expect(r.newTechnologies).toEqual([
      expect.objectContaining({
        proposedName: 'Neuromorphic computing',
        parentId: 'kr2027.q',
        proposals: 2,
        supports: 1,
        participants: 3,
        trend: 'new',
      }),
    ]);
  });
});
