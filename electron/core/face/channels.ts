import type { faceChannels } from '../../contract/face.ts';
import { fail } from '../../contract/errors.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { Faces } from './faces.ts';
import type { MemberMobile } from './member-mobile.ts';

export function faceHandlers(faces: Faces, mobile: MemberMobile): Handlers<keyof typeof faceChannels> {
  return {
    faceChallenge: (input) => faces.challenge(input),
    faceEnrol: (input) => faces.enrol(input),
    faceRecognise: (input) => faces.recognise(input),
    faceForget: (input) => faces.forget(input),
    faceNotMe: (input) => faces.notMe(input),
    memberLists: (input) => faces.keepLists(input),
    memberCodeSend: (input) => mobile.send(input),
    memberCodeVerify: (input) => mobile.verify(input),
    staffFindMember: (input) => faces.findByMobile(input),
    staffForgetMember: (input, caller) => (caller.role === 'staff' ? faces.staffForget(input, caller.staffId) : fail('FORBIDDEN', 'a staff member deletes')),
  };
}
