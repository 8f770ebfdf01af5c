import { describeGroupUpdate, MAX_EXTRA_MESSAGE_LENGTH } from './group-audit';

const OU = 'OU=Groups,DC=example,DC=com';

describe(describeGroupUpdate.name, () => {
  it('names attributes and members', () => {
    const message = describeGroupUpdate({
      attributes: ['groupType', 'description'],
      added: [`CN=Jane Doe,${OU}`, `CN=Sales\\, EMEA,${OU}`],
      removed: [`CN=Bob,${OU}`],
    });

    expect(message).toBe(
      'changed: groupType, description; added 2: Jane Doe, Sales, EMEA; removed 1: Bob',
    );
  });

  it('leaves out empty parts', () => {
    expect(describeGroupUpdate({ attributes: [], added: [], removed: [`CN=Bob,${OU}`] })).toBe(
      'removed 1: Bob',
    );
  });

  it('cuts long member lists to the column length', () => {
    const added = Array.from({ length: 1000 }, (_, index) => `CN=Ünïcode user ${index},${OU}`);

    const message = describeGroupUpdate({ attributes: [], added, removed: [] });

    expect([...message]).toHaveLength(MAX_EXTRA_MESSAGE_LENGTH);
    expect(message.startsWith('added 1000: Ünïcode user 0, Ünïcode user 1')).toBe(true);
    expect(message.endsWith('…')).toBe(true);
  });
});
