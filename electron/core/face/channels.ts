import type { faceChannels } from '../../contract/face.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Faces } from './faces.ts';

export function faceHandlers(faces: Faces): Handlers<keyof typeof faceChannels> {
  return {
    faceChallenge: (input) => faces.challenge(input),
    faceEnrol: (input) => faces.enrol(input),
    faceRecognise: (input) => faces.recognise(input),
    faceForget: (input) => faces.forget(input),
    faceNotMe: (input) => faces.notMe(input),
    memberLists: (input) => faces.keepLists(input),
  };
}
