import { actTools } from './act-tools.js';
import type { ToolScope } from './define.js';
import { readTools } from './read-tools.js';

export { AGENT_STAGES } from './act-tools.js';
export { type AgentServices, type Collected, emptyCollected, narrowServices, type ToolScope } from './define.js';

/** Every tool the agent has for one message. None approves, rejects, sends or suppresses. */
export function buildAgentTools(scope: ToolScope) {
  return [...readTools(scope), ...actTools(scope)];
}
