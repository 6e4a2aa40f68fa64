import { Global, Module } from '@nestjs/common';
import { WorkflowRunner } from './workflow-runner.service.js';
import { WorkflowsController } from './workflows.controller.js';

@Global()
@Module({ controllers: [WorkflowsController], providers: [WorkflowRunner], exports: [WorkflowRunner] })
export class WorkflowModule {}
