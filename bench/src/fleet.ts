/**
 * The fleet a platform repo would hold: teams, each a chart in its own namespace, each service
 * with a GPU request, its own autoscaling policy and a model cache filled from S3 or the Hugging
 * Face Hub. Plain data, so that the library and the baseline build the same thing from it.
 */
import { App, AppProps } from 'cdk8s';

/** Services per chart by default: a platform repo groups services by team. */
export const SERVICES_PER_TEAM = 50;

export type SourceKind = 's3' | 'hf';
export type GpuChoice = 'a100' | 'h100-or-a100';

export interface ServiceSpec {
  /** Construct id prefix, unique in the team's chart. */
  readonly id: string;
  /** Object name of the InferenceService. */
  readonly name: string;
  readonly source: SourceKind;
  /** `s3://` URI or Hugging Face repository. */
  readonly modelLocation: string;
  readonly modelSizeGiB: number;
  readonly gpu: GpuChoice;
  readonly cpuUnits: number;
  readonly memoryGiB: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly timeoutSeconds: number;
}

export interface TeamSpec {
  /** Chart id and namespace. */
  readonly name: string;
  /** CoreWeave region of the team's GPUs and storage. */
  readonly region: string;
  readonly services: ServiceSpec[];
}

/** The app class a side synthesizes with: cdk8s's `App` or the library's `FleetApp`. */
export type AppClass = new (props: AppProps) => App;

export interface Fleet {
  readonly teams: TeamSpec[];
}

const REGIONS = ['ORD1', 'LAS1'];

/** A deterministic fleet of `size` services, `servicesPerTeam` to a team. */
export function describeFleet(size: number, servicesPerTeam: number = SERVICES_PER_TEAM): Fleet {
  const teams: TeamSpec[] = [];
  for (let first = 0; first < size; first += servicesPerTeam) {
    const teamIndex = teams.length;
    const services: ServiceSpec[] = [];
    for (let index = first; index < Math.min(size, first + servicesPerTeam); index++) {
      const source: SourceKind = index % 2 === 0 ? 's3' : 'hf';
      services.push({
        id: `Model${index}`,
        name: `model-${index}`,
        source,
        modelLocation: source === 's3' ? `s3://models-team-${teamIndex}/model-${index}/v${1 + (index % 3)}` : `org-${teamIndex}/model-${index}`,
        modelSizeGiB: 2 + (index % 30),
        gpu: index % 3 === 0 ? 'h100-or-a100' : 'a100',
        cpuUnits: 4 + (index % 5),
        memoryGiB: 16 + 8 * (index % 3),
        minReplicas: index % 10 === 0 ? 1 : 0,
        maxReplicas: 2 + (index % 7),
        timeoutSeconds: 120 + 60 * (index % 4),
      });
    }
    teams.push({ name: `team-${teamIndex}`, region: REGIONS[teamIndex % REGIONS.length], services });
  }
  return { teams };
}
