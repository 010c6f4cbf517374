/**
 * One fast-check seed for every run under Stryker. `@fast-check/vitest` names a property's test
 * with its seed; Stryker runs each mutant's covering tests by name, so with a new random seed in
 * every run no name matched, no property ran, and every mutant only a property pins survived.
 */
import fc from 'fast-check'

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: 20_251_206 })
