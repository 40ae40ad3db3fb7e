/** Small durable key/value state (`app_state`): watermarks, last run times, generated secrets. */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, at: Date): Promise<void>;
}
