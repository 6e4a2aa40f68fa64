import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FollowUps } from './follow-ups.js';
import { WorkflowRunner } from './workflow-runner.js';
import { WorkflowsController } from './workflows.controller.js';

/** Moving records through their workflows, and the follow-ups of every change: shared by every feature. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [WorkflowsController],
  providers: [FollowUps, WorkflowRunner],
  exports: [FollowUps, WorkflowRunner],
})
export class MovesModule {}
