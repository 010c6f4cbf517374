/**
 * @servicelife/store/contract: the contract suite every EventStore passes, for any test framework
 * with `describe`, `it` and `expect` (vitest, jest). See docs/store-adapter.md.
 */
export {
  type ContractFixture,
  eventStoreContract,
  type TestFramework,
} from './contract/event-store-contract.js'
