// Every kernel config condense serves, one module per family.
import { configs as activation } from './activation.mjs';
import { configs as conv2d } from './conv2d.mjs';
import { configs as conv2dGrad } from './conv2d-grad.mjs';
import { configs as pool2d } from './pool2d.mjs';

export const configs = [...conv2d, ...conv2dGrad, ...pool2d, ...activation];
