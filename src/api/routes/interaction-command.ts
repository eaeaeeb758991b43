// The command wrapper lives with the use cases (issue 26: routes call one use case each); the other commands'
// routes still name it here.
export { runCommand as command } from '../../use-cases/interaction-commands';
