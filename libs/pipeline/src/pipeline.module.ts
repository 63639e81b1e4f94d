import { Module } from '@nestjs/common';
import { ExecuteProjectCommandHandler, ProjectSnapshots } from './application';
import { AuditReportHttpController } from './features/audit-report/audit-report.http.controller';
import { PortfolioImportHttpController } from './features/portfolio-import/portfolio-import.http.controller';
import { GetAuditReportHandler } from './features/audit-report/get-audit-report.handler';
import { DemoSeeder } from './demo/demo-seeder';
import { GetProjectHandler } from './features/get-project/get-project.handler';
import { GetProjectHttpController } from './features/get-project/get-project.http.controller';
import { GetProjectHistoryHandler } from './features/get-project-history/get-project-history.handler';
import { GetProjectHistoryHttpController } from './features/get-project-history/get-project-history.http.controller';
import { ProposeProjectHttpController } from './features/propose-project/propose-project.http.controller';
import { CorrectionsHttpController } from './features/corrections/corrections.http.controller';
import { GateDecisionsHttpController } from './features/gate-decisions/gate-decisions.http.controller';
import { GateSignaturesHttpController } from './features/gate-decisions/gate-signatures.http.controller';
import { GetPendingGateDecisionHandler } from './features/gate-decisions/get-pending-gate-decision.handler';
import { ConditionsHttpController } from './features/conditions/conditions.http.controller';
import { LogMilestoneHttpController } from './features/log-milestone/log-milestone.http.controller';
import { PatentsHttpController } from './features/patents/patents.http.controller';
import { PrototypeEvidenceHttpController } from './features/prototype-evidence/prototype-evidence.http.controller';
import { RecordEquivalenceEvaluationHttpController } from './features/record-equivalence-evaluation/record-equivalence-evaluation.http.controller';
import { RecordInventionDisclosureHttpController } from './features/record-invention-disclosure/record-invention-disclosure.http.controller';
import { SubmissionsHttpController } from './features/submissions/submissions.http.controller';
import { TeamAndPartnersHttpController } from './features/team-and-partners/team-and-partners.http.controller';
import { CalendarFeedHttpController } from './features/calendar-feed/calendar-feed.http.controller';
import { IdeasHttpController } from './features/ideas/ideas.http.controller';
import { LiveUpdatesHttpController } from './features/live-updates/live-updates.http.controller';
import { TrialsHttpController } from './features/trials/trials.http.controller';
import { DesignationsHttpController } from './features/designations/designations.http.controller';
import { DocumentsHttpController } from './features/documents/documents.http.controller';
import { TemplatesHttpController } from './features/templates/templates.http.controller';
import { TemplateAdoptionHttpController } from './features/templates/template-adoption.http.controller';
import { TemplateLibrary } from './features/templates/template-library.service';
import { DocumentIntegrityCheck, DocumentsService } from './features/documents/documents.service';
import { DOCUMENT_INTEGRITY_CHECK } from '@app/event-store';
import { ReadModelsModule } from './read-models/read-models.module';
import { NotifierModule } from './read-models/notifications/notifier.module';

/** The device-project pipeline: one controller per use case, one bus handler that runs them all. */
@Module({
  // Deadline reminders where the projections run (RUN_PROJECTIONS): the API on the embedded default.
  imports: [ReadModelsModule, NotifierModule.forRoot()],
  controllers: [
    GetProjectHttpController,
    GetProjectHistoryHttpController,
    AuditReportHttpController,
    PortfolioImportHttpController,
    ProposeProjectHttpController,
    CorrectionsHttpController,
    GateDecisionsHttpController,
    GateSignaturesHttpController,
    ConditionsHttpController,
    LogMilestoneHttpController,
    PatentsHttpController,
    PrototypeEvidenceHttpController,
    RecordEquivalenceEvaluationHttpController,
    RecordInventionDisclosureHttpController,
    SubmissionsHttpController,
    TeamAndPartnersHttpController,
    TrialsHttpController,
    DesignationsHttpController,
    LiveUpdatesHttpController,
    IdeasHttpController,
    CalendarFeedHttpController,
    DocumentsHttpController,
    TemplatesHttpController,
    TemplateAdoptionHttpController,
  ],
  providers: [
    ExecuteProjectCommandHandler,
    TemplateLibrary,
    ProjectSnapshots,
    GetProjectHandler,
    GetPendingGateDecisionHandler,
    GetProjectHistoryHandler,
    GetAuditReportHandler,
    DemoSeeder,
    DocumentsService,
    { provide: DOCUMENT_INTEGRITY_CHECK, useClass: DocumentIntegrityCheck },
  ],
})
export class PipelineModule {}
