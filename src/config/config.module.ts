import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { Environment } from './environment.js';
import { loadPolicy, Policy } from './policy.js';

export const ENVIRONMENT = Symbol('Environment');

/** The checked environment and policy, and the clock, for every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(environment: Environment): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ENVIRONMENT, useValue: environment }, { provide: Policy, useValue: loadPolicy(environment.configDir) }, Clock],
      exports: [ENVIRONMENT, Policy, Clock],
    };
  }
}
