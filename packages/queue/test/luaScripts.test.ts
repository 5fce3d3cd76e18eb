import { describe, expect, it } from 'vitest';
import { loadLuaScripts } from '../src/luaScripts.js';

describe('Lua scripts', () => {
  const scripts = loadLuaScripts();

  it('are all found and have their includes inlined', () => {
    expect(scripts.map((s) => s.name).sort()).toEqual(
      ['ackDeliveries', 'aliveReplicas', 'cancelTask', 'claimDue', 'deferTask', 'forgetFinished', 'heartbeat', 'requeueExpired', 'scheduleTasks', 'takeReady'].sort(),
    );
    for (const script of scripts) expect(script.source).not.toMatch(/--@include/);
  });

  it('document exactly the keys their file name promises', () => {
    for (const script of scripts) {
      const documented = new Set(script.source.match(/KEYS\[\d+\] /g));
      expect(documented.size, `${script.name} header`).toBe(script.numberOfKeys);
      expect(script.source, `${script.name} header`).toMatch(/Returns/);
    }
  });
});
