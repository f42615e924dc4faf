import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MODEL_FILE_NAME, parseModelArtifact } from '../../model/src/model-artifact';
import { Predictor } from '../../model/src/predictor';

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** a loaded model with everything its responses need precomputed (escaped labels, JSON keys). */
export class ServedModel {
  /** reads and checks `<dir>/model.json`; throws naming the file and the problem. */
  static async load(name: string, dir: string): Promise<ServedModel> {
    const file = path.join(dir, MODEL_FILE_NAME);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the model folder must hold the ${MODEL_FILE_NAME} the training container wrote`, { cause: error });
    }
    return new ServedModel(name, dir, Predictor.fromArtifact(parseModelArtifact(text, file)));
  }

  /** each class as a CSV cell */
  readonly csvLabels: readonly string[];
  /** each class's JSON prediction prefix: `{"label":"<class>","probabilities":{` */
  readonly jsonPrefixes: readonly string[];
  /** each class's key inside "probabilities": `"<class>":` (with a leading comma after the first) */
  readonly jsonKeys: readonly string[];

  constructor(
    /** the name it is served under (the multi-model API's model_name) */
    readonly name: string,
    /** the folder it was loaded from */
    readonly dir: string,
    readonly predictor: Predictor,
  ) {
    this.csvLabels = predictor.classes.map(csvCell);
    this.jsonPrefixes = predictor.classes.map((c) => `{"label":${JSON.stringify(c)},"probabilities":{`);
    this.jsonKeys = predictor.classes.map((c, i) => `${i === 0 ? '' : ','}${JSON.stringify(c)}:`);
  }
}
