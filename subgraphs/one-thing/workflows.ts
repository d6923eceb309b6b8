import { ALL_THREE, type Condition, type StepDef, type Workflow } from "./workflow";

// The 10 bundles of 附件1 laid out 前置 → 并联 → 后置. The item codes are the notice's; the order
// follows what each item needs from another (the person must be enrolled before contributions are
// declared for her, an archive must arrive before the party relation kept with it can move), and the
// remarks become steps: SYNC_CONTRIBUTOR_INCREASE is the 1.3.1 step for the three insurances,
// STOP_UNEMPLOYMENT_BENEFIT and WORK_INJURY_BENEFIT_TOP_UP are extra steps performed under the item
// that governs the benefit. SYNC_ROSTER is not a step: every completed step emits a roster event.
// Submitters: hiring, separation, public-institution hiring and work-injury death benefits are the
// employer's to apply for; 需失业人员本人办理 keeps unemployment with the person (or a clerk she
// sees); a deceased retiree's matters are settled at a window, where the relatives' standing is
// checked in person.

const when = (fact: Condition["fact"], is = true): Condition[] => [{ fact, is }];
const PENSION_TRANSFER = ["1.6.12", "1.6.15", "1.6.17"];
const PENSION_TRANSFER_FOR_RETIREMENT = ["1.6.12", "1.6.15", "1.6.16"];

/** 1.3.1 for the three insurances, as the remark 要同步办理养老保险、工伤保险、失业保险缴费人员增加 asks. */
const contributorIncrease: StepDef = {
  id: "contributors",
  itemCodes: ["1.3.1"],
  action: "CONTRIBUTORS_INCREASE",
  params: { insurances: ALL_THREE },
  rule: "SYNC_CONTRIBUTOR_INCREASE",
};

/** 如涉及失业保险金停发，应一并办理: stopping the benefit belongs to the benefit's item, 1.8.1. */
const stopBenefit: StepDef = {
  id: "stop-unemployment-benefit",
  itemCodes: [],
  performedAs: "1.8.1",
  action: "STOP_UNEMPLOYMENT_BENEFIT",
  when: when("DRAWS_UNEMPLOYMENT_BENEFIT"),
  rule: "STOP_UNEMPLOYMENT_BENEFIT",
};

const pensionTransfer = (codes: string[]): StepDef => ({
  id: "pension-transfer",
  itemCodes: codes,
  action: "TRANSFER_PENSION_RELATION",
  when: when("PENSION_ELSEWHERE"),
});

const step = (id: string, code: string, extra: Partial<StepDef> = {}): StepDef => ({ id, itemCodes: [code], action: "ITEM", ...extra });

const cardIfNone = step("card", "1.10.1", { action: "APPLY_FOR_CARD", when: when("HAS_CARD", false) });
const uiTransfer = step("unemployment-insurance-transfer", "1.8.8", { when: when("UNEMPLOYMENT_INSURANCE_ELSEWHERE") });
const graduateAcceptance = step("graduate-acceptance", "2.7.1", { action: "ACCEPT_GRADUATE", when: when("GRADUATE") });
const archiveTransfer = step("archive-transfer", "3.4.1", { action: "TRANSFER_ARCHIVE", when: when("ARCHIVE_ELSEWHERE") });
/** The party relation is kept with the archive (存档人员), so it follows the archive. */
const partyRelation = step("party-relation", "3.4.7", { action: "TRANSFER_PARTY_RELATION", when: when("PARTY_MEMBER"), needs: ["archive-transfer"] });
const enrol = step("enrolment", "1.1.5", { action: "ENROL_EMPLOYEE" });
const employmentRegistration = step("employment-registration", "2.4.2", { action: "REGISTER_EMPLOYMENT" });
const noEmploymentCard = when("HAS_EMPLOYMENT_CARD", false);
const employmentCard = step("employment-card", "2.4.3", { action: "APPLY_FOR_EMPLOYMENT_CARD", needs: ["employment-registration"], when: noEmploymentCard });
const employmentFiling = step("employment-filing", "4.1.1", { action: "FILE_EMPLOYMENT" });

export const workflows: Workflow[] = [
  {
    scenario: 1, // 企业招用工
    parties: { idNumber: "REQUIRED", creditCode: "REQUIRED" },
    submitters: ["employer", "staff"],
    stages: [
      { relation: "PREREQUISITE", steps: [enrol] },
      {
        relation: "PARALLEL",
        steps: [contributorIncrease, employmentRegistration, employmentFiling, cardIfNone, stopBenefit, pensionTransfer(PENSION_TRANSFER), uiTransfer, graduateAcceptance],
      },
      { relation: "FOLLOW_UP", steps: [employmentCard, archiveTransfer, partyRelation] },
    ],
  },
  {
    scenario: 2, // 企业与员工解除终止劳动合同
    parties: { idNumber: "REQUIRED", creditCode: "REQUIRED" },
    submitters: ["employer", "staff"],
    stages: [
      { relation: "PREREQUISITE", steps: [step("termination-filing", "4.1.1", { action: "FILE_TERMINATION" })] },
      {
        relation: "PARALLEL",
        steps: [
          { ...contributorIncrease, action: "CONTRIBUTORS_DECREASE", rule: undefined },
          step("arrears", "1.3.5", { when: when("CONTRIBUTION_ARREARS") }),
          uiTransfer,
        ],
      },
      { relation: "FOLLOW_UP", steps: [archiveTransfer, partyRelation] },
    ],
  },
  {
    scenario: 3, // 失业
    parties: { idNumber: "REQUIRED", creditCode: "NONE" },
    submitters: ["citizen", "staff"],
    stages: [
      { relation: "PREREQUISITE", steps: [step("unemployment-registration", "2.4.1", { action: "REGISTER_UNEMPLOYMENT" })] },
      {
        relation: "PARALLEL",
        steps: [
          step("unemployment-benefit", "1.8.1"),
          step("employment-card", "2.4.3", { action: "APPLY_FOR_EMPLOYMENT_CARD", when: noEmploymentCard }),
          step("job-referral", "2.2.1"),
          step("difficulty-recognition", "2.6.1", { when: when("EMPLOYMENT_DIFFICULTY") }),
        ],
      },
      {
        // paid to people who draw the benefit, so they build on 1.8.1
        relation: "FOLLOW_UP",
        steps: [
          step("medical-insurance-contribution", "1.8.6", { needs: ["unemployment-benefit"] }),
          step("training-subsidy", "1.8.3", { needs: ["unemployment-benefit"], when: when("IN_TRAINING") }),
          step("price-subsidy", "1.8.7", { needs: ["unemployment-benefit"] }),
        ],
      },
    ],
  },
  {
    scenario: 4, // 高校毕业生就业 (含灵活就业)
    parties: { idNumber: "REQUIRED", creditCode: "OPTIONAL" },
    submitters: ["citizen", "employer", "staff"],
    stages: [
      { relation: "PREREQUISITE", steps: [step("graduate-acceptance", "2.7.1", { action: "ACCEPT_GRADUATE" })] },
      {
        relation: "PARALLEL",
        steps: [
          step("policy-consultation", "2.1.1"),
          step("labour-market-information", "2.1.2"),
          step("job-referral", "2.2.1"),
          step("career-guidance", "2.2.2"),
          step("special-events", "2.3.1"),
          employmentRegistration,
          enrol,
          archiveTransfer,
          cardIfNone,
        ],
      },
      {
        relation: "FOLLOW_UP",
        steps: [
          employmentCard,
          partyRelation,
          step("contribution-payment", "1.4.1", { needs: ["enrolment"], when: when("FLEXIBLE_EMPLOYMENT") }),
          step("job-seeking-subsidy", "2.7.3", { when: when("LOW_INCOME_FAMILY") }),
          step("graduate-insurance-subsidy", "2.7.4", { needs: ["enrolment"], when: when("FLEXIBLE_EMPLOYMENT") }),
        ],
      },
    ],
  },
  {
    scenario: 5, // 事业单位聘用人员
    parties: { idNumber: "REQUIRED", creditCode: "REQUIRED" },
    submitters: ["employer", "staff"],
    stages: [
      { relation: "PREREQUISITE", steps: [step("hire-filing", "3.3.3", { action: "FILE_PUBLIC_INSTITUTION_HIRE" })] },
      { relation: "PREREQUISITE", steps: [enrol] },
      { relation: "PARALLEL", steps: [contributorIncrease, cardIfNone, stopBenefit, pensionTransfer(PENSION_TRANSFER), uiTransfer, graduateAcceptance] },
      { relation: "FOLLOW_UP", steps: [archiveTransfer, partyRelation] },
    ],
  },
  {
    scenario: 6, // 创业
    parties: { idNumber: "REQUIRED", creditCode: "REQUIRED" },
    submitters: ["citizen", "employer", "staff"],
    stages: [
      // 多证合一: the enterprise's registration arrives with its business registration; it comes
      // first because everything else is filed under the new enterprise.
      { relation: "PREREQUISITE", steps: [step("enterprise-registration", "1.1.1", { rule: "MERGED_INTO_BUSINESS_REGISTRATION" })] },
      { relation: "PREREQUISITE", steps: [enrol] },
      {
        relation: "PARALLEL",
        steps: [
          contributorIncrease,
          employmentRegistration,
          employmentFiling,
          step("startup-guidance", "2.2.3"),
          cardIfNone,
          stopBenefit,
          pensionTransfer(PENSION_TRANSFER),
          uiTransfer,
          graduateAcceptance,
        ],
      },
      {
        relation: "FOLLOW_UP",
        steps: [
          employmentCard,
          step("startup-subsidy", "2.5.1", { needs: ["employment-registration"] }),
          step("startup-loan", "2.5.2", { needs: ["employment-registration"], when: when("NEEDS_STARTUP_LOAN") }),
          archiveTransfer,
          partyRelation,
        ],
      },
    ],
  },
  {
    scenario: 7, // 职工退休
    parties: { idNumber: "REQUIRED", creditCode: "OPTIONAL" },
    submitters: ["citizen", "employer", "staff"],
    stages: [
      {
        // the record must be whole before the pension is assessed: arrears paid, relations brought over, duplicates refunded
        relation: "PREREQUISITE",
        steps: [
          step("arrears", "1.3.5", { when: when("CONTRIBUTION_ARREARS") }),
          pensionTransfer(PENSION_TRANSFER_FOR_RETIREMENT),
          step("multiple-relations-refund", "1.6.18", { when: when("MULTIPLE_PENSION_RELATIONS") }),
        ],
      },
      {
        relation: "PREREQUISITE",
        steps: [
          step("retirement", "1.6.1", { when: when("EARLY_RETIREMENT", false) }),
          step("early-retirement", "1.6.3", { when: when("EARLY_RETIREMENT") }),
        ],
      },
      {
        relation: "PARALLEL",
        steps: [
          step("termination-filing", "4.1.1", { action: "FILE_TERMINATION" }),
          step("pension-account", "1.2.3"),
          {
            id: "work-injury-top-up",
            itemCodes: [],
            performedAs: "1.7.29",
            action: "ITEM",
            params: { change: "RETIREMENT_TOP_UP" },
            when: when("WORK_INJURY_TOP_UP"),
            rule: "WORK_INJURY_BENEFIT_TOP_UP",
          },
          stopBenefit,
        ],
      },
    ],
  },
  {
    scenario: 8, // 申领工亡人员有关待遇
    parties: { idNumber: "REQUIRED", creditCode: "REQUIRED" },
    submitters: ["employer", "staff"],
    stages: [
      {
        // the determination pushed by the 社会保险行政部门 opens the employer's registration (1.7.2),
        // or changes it when the injury was registered before death (1.7.3)
        relation: "PREREQUISITE",
        steps: [
          step("injury-registration", "1.7.2", { when: when("WORK_INJURY_REGISTERED", false), rule: "PUSH_WORK_INJURY_DETERMINATION" }),
          step("injury-registration-change", "1.7.3", { when: when("WORK_INJURY_REGISTERED") }),
        ],
      },
      {
        relation: "PARALLEL",
        steps: [
          step("benefit-account", "1.2.4"),
          step("medical-costs", "1.7.21"),
          step("hospital-meals", "1.7.22", { when: when("HOSPITALISED") }),
          step("off-site-treatment-report", "1.7.13", { when: when("TREATED_OUTSIDE_REGION") }),
        ],
      },
      {
        relation: "FOLLOW_UP",
        steps: [
          step("off-site-travel-costs", "1.7.23", { needs: ["off-site-treatment-report"], when: when("TREATED_OUTSIDE_REGION") }),
          step("death-grants", "1.7.27", { needs: ["benefit-account"] }),
          step("dependants-pension", "1.7.28", { needs: ["benefit-account"], when: when("HAS_DEPENDANTS") }),
        ],
      },
    ],
  },
  {
    scenario: 9, // 退休人员过世
    parties: { idNumber: "REQUIRED", creditCode: "NONE" },
    submitters: ["staff"],
    stages: [
      {
        // payments to the deceased stop and the survivors' account is set before anything is paid out
        relation: "PREREQUISITE",
        steps: [step("pension-account", "1.2.3"), step("work-injury-account", "1.2.4", { when: when("WORK_INJURY_BENEFICIARY") })],
      },
      {
        // pension, work-injury and card matters settled together
        relation: "PARALLEL",
        steps: [
          step("account-lump-sum", "1.6.7"),
          step("survivors-benefit", "1.6.10"),
          step("work-injury-change", "1.7.29", { when: when("WORK_INJURY_BENEFICIARY"), params: { change: "DEATH" } }),
          step("card-cancellation", "1.10.9", { action: "CANCEL_CARD" }),
        ],
      },
    ],
  },
  {
    scenario: 10, // 申领社会保障卡
    parties: { idNumber: "REQUIRED", creditCode: "NONE" },
    submitters: ["citizen", "employer", "staff"],
    stages: [
      { relation: "PREREQUISITE", steps: [step("loss-report", "1.10.7", { action: "REPORT_CARD_LOSS", when: when("CARD_LOST") })] },
      {
        relation: "PREREQUISITE",
        steps: [
          step("card", "1.10.1", { action: "APPLY_FOR_CARD", when: when("HAS_CARD", false) }),
          step("card-replacement", "1.10.8", { action: "REISSUE_CARD", when: when("HAS_CARD") }),
        ],
      },
      {
        // the PIN is set on an activated card
        relation: "FOLLOW_UP",
        steps: [step("activation", "1.10.2", { action: "ACTIVATE_CARD" }), step("password", "1.10.6", { action: "RESET_CARD_PASSWORD", needs: ["activation"] })],
      },
    ],
  },
];

export function workflowFor(scenario: number): Workflow | undefined {
  return workflows.find((w) => w.scenario === scenario);
}
